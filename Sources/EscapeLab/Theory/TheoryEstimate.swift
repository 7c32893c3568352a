import Foundation

// Which law applies to a problem is decided here, once, from its landscape,
// optimizer, noise, start and escape criterion; each law's formula lives in
// its own file (MeanFirstPassage, Kramers, SaddleEscape, LevyExit; the
// inertial optimizers' laws are decided in InertialTheory). A law
// that does not apply is nil, and `notes` says why, so `escapelab theory`
// never prints a number for a problem the formula was not derived for.

/// What theory predicts for a problem's mean escape time, where it can, in
/// continuous time (t = steps x eta) and in steps.
///
/// The temperature follows <doc:Theory#Units-and-the-Langevin-limit> for plain SGD (D = eta C / 2):
/// `gaussian:sigma=s` gives T = eta s^2 / 2; `sgd:batch=B` (frozen Hessian)
/// gives T = eta |H(start)| / (2B) in 1-D; `sgd:batch=B,hessian=local` gives
/// the position-dependent D(x) = eta |U''(x)| / (2B).
///
/// | law | needs |
/// |---|---|
/// | exact MFPT (quadrature) | 1-D, plain SGD, constant T or D(x); `x0>=C` / `x0<=C`, or `radius=R` on a landscape symmetric about the start |
/// | the same, escape point moved out by 0.5826 sqrt(2 D eta) | as above (per-step checking of the criterion) |
/// | Kramers / Eyring-Kramers | plain SGD, isotropic constant T, a start minimum and an index-1 saddle |
/// | saddle law | plain SGD started at the saddle, Gaussian noise, `radius=R` |
/// | noise-free saddle steps (exact) | plain SGD, no noise, `saddle` landscape, start on the unstable axis |
/// | alpha-stable exit | plain SGD, `levy` noise with alpha < 2, 1-D, start at the minimum |
/// | 2-D PDE, exact up to its grid error bound (``KolmogorovEstimate``) | 2-D, plain SGD, Gaussian noise of constant covariance, a confining landscape or absorbing walls |
/// | inertia law kappa(X) tau_od / A(Delta) (``InertialEscape``) | heavy ball, 1-D Adai or Adam, 1-D, constant-variance Gaussian noise, escape past the barrier top |
/// | inertial saddle law (``InertialSaddle``), exact noise-free heavy-ball / EMA steps | heavy ball, Adai (1-D; d-D axis-aligned, v stationary) or Adam (axis-aligned) started at the saddle |
///
/// For heavy ball, Adai and Adam the temperature is the inertial one, T = eta_hb s^2 / (2 (1 - beta))
/// (``HeavyBallForm``); `saddle_steps` and `noise_free_steps` then hold the inertial laws.
public struct TheoryEstimate: Sendable {
    public let learningRate: Double
    /// The escape criterion the estimates refer to (`x0>=1`, `radius=1`, ...).
    public let criterion: String
    /// Constant temperature T, when the noise has one.
    public let temperature: Double?
    /// The 1-D diffusion coefficient of plain SGD's noise, D(x) = lr v(x) / 2
    /// (``NoiseDiffusion``), as a formula; nil when there is none.
    public let diffusion: String?
    /// Barrier height L(saddle) - L(start minimum), when both exist.
    public let barrier: Double?
    /// Exact MFPT from the start to the escape point.
    public let meanFirstPassage: PassageTime?
    /// The exact MFPT to the escape point moved outward by
    /// ``MeanFirstPassage/discreteMonitoringShift`` x sqrt(2 D eta): what a
    /// criterion checked once per step sees, up to O(eta).
    public let meanFirstPassageDiscrete: PassageTime?
    /// Kramers / Eyring-Kramers estimate (passage well beyond the saddle).
    public let kramers: PassageTime?
    /// Saddle law, continuous time: (1/(2 gamma)) [ln(gamma R^2/D) + gamma_E + ln 2].
    public let saddleTime: Double?
    /// Saddle law for the discrete steps (``SaddleEscape/steps(gamma:learningRate:noiseVariance:radius:)``).
    public let saddleSteps: Double?
    /// Exact MFPT of the unstable coordinate alone (continuous time, quadrature).
    public let saddleExact: PassageTime?
    /// Exact noise-free step count from a point on the unstable axis.
    public let noiseFreeSteps: Int?
    /// Alpha-stable exit law, in steps.
    public let levySteps: Double?
    /// The inertial laws (heavy ball, Adai, frozen-v Adam); nil for plain SGD and optimizers without one.
    public let inertial: InertialTheory?
    /// The 2-D backward Kolmogorov PDE with its grid error bound; nil outside 2-D plain SGD with constant Gaussian noise.
    /// Solved on first use (1 to 8 s) and kept, so estimates that never ask for it cost nothing.
    public var pde: KolmogorovEstimate? { pdeCache.value.estimate }
    let pdeCache: KolmogorovCache
    /// Why a law is absent or what limits it (asking for them solves the 2-D PDE, see ``pde``).
    public var notes: [String] { lawNotes + pdeCache.value.notes }
    let lawNotes: [String]

    /// Barrier over temperature, when both are known.
    public var barrierOverTemperature: Double? { temperature.flatMap { t in barrier.map { $0 / t } } }

    public init(_ p: Problem) throws {
        let l = p.landscape
        let eta = p.learningRate
        let plain = p.optimizer.isPlainSGD
        learningRate = eta
        criterion = p.escape.spec
        var notes: [String] = []
        let inertial = plain ? nil : InertialTheory(p, passage: l.dimension == 1 ? Self.passage(p, notes: &notes) : nil,
                                                    noiseFreePath: Self.noiseFreePath(p))
        self.inertial = inertial
        notes += inertial?.notes ?? []

        let diffusion = plain ? NoiseDiffusion(p) : nil
        self.diffusion = diffusion?.formula
        let t = diffusion?.constant
        temperature = plain ? t : inertial?.temperature
        if let a = l.startMinimum, let s = l.saddle { barrier = l.loss(at: s) - l.loss(at: a) } else { barrier = nil }

        var mfpt: PassageTime?, shifted: PassageTime?
        if l.dimension == 1, plain, let path = Self.passage(p, notes: &notes) {
            if let diffusion {
                func passage(to c: Double) throws -> PassageTime {
                    if let t, t > 0 {
                        return try MeanFirstPassage.time(on: l, temperature: t, from: path.x0, to: c, reflecting: path.reflecting)
                    }
                    return try MeanFirstPassage.time(on: l, diffusion: diffusion.at, from: path.x0, to: c, reflecting: path.reflecting)
                }
                do {
                    mfpt = try passage(to: path.c)
                    let shift = MeanFirstPassage.discreteMonitoringShift * (2 * diffusion.at(path.c) * eta).squareRoot()
                    shifted = try passage(to: path.c + (path.c > path.x0 ? shift : -shift))
                } catch {
                    notes.append("exact MFPT: \(error)")
                }
            } else {
                notes.append("exact MFPT: needs Gaussian noise with a diffusion limit (gaussian, sgd, loss-scaled, or minibatch on a finite-sum landscape), not \(p.noise.spec)")
            }
        }
        meanFirstPassage = mfpt
        meanFirstPassageDiscrete = shifted

        kramers = plain ? t.flatMap { Self.kramers(p, temperature: $0, notes: &notes) } : nil

        let saddle = plain ? Self.saddleLaw(p) : nil
        saddleTime = saddle?.time
        saddleSteps = saddle?.steps ?? inertial?.saddle.flatMap { $0.isValid ? $0.steps : nil }
        saddleExact = saddle?.exact
        if saddle != nil {
            notes.append("saddle law: the unstable direction alone, asymptotic in R^2 / (eta s^2 / (2 gamma)) >> 1; fluctuations along the stable directions shorten the escape slightly")
        }
        noiseFreeSteps = plain ? Self.noiseFreePath(p).map { SaddleEscape.noiseFreeSteps(gamma: $0.gamma, learningRate: eta, from: $0.r0, to: $0.R) }
            : inertial?.noiseFreeSteps

        var levy: Double?
        if plain, case let .levy(alpha, c) = p.noise, alpha < 2, l.dimension == 1, let d = Self.basinDistances(p) {
            levy = LevyExit.steps(alpha: alpha, scale: c, learningRate: eta, distances: d)
            notes.append("alpha-stable law: one jump past the basin boundary at distance \(d.map(\.compact).joined(separator: " and ")); leading order in eta sigma / width")
        }
        levySteps = levy
        pdeCache = KolmogorovCache(p)
        lawNotes = notes
    }

    // MARK: - Which law applies

    /// Kramers' time to meet the run's criterion: summed over the landscape's
    /// equivalent exits when the criterion watches all of them, and halved
    /// when it is already met on the barrier top (from the top, half the
    /// trajectories fall back, so reaching it takes half the escape time).
    static func kramers(_ p: Problem, temperature t: Double, notes: inout [String]) -> PassageTime? {
        let l = p.landscape
        guard t > 0, let s = l.saddle, l.startMinimum != nil,
              var k = try? Kramers.time(on: l, temperature: t) else { return nil }
        let metAtTop: Bool
        switch p.escape {
        case .never: return nil
        case .coordinateAtLeast where l.exitCount > 1, .coordinateAtMost where l.exitCount > 1:
            notes.append("Kramers: \(l.exitCount) equivalent saddles lead out of the basin but \(p.escape.spec) watches one coordinate; no estimate")
            return nil
        case let .radius(r):
            // A radius through the top itself counts despite rounding.
            let d2 = zip(s, p.start).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            metAtTop = d2 >= r * r * (1 - 1e-12)
        default:
            metAtTop = EscapeTest(p.escape, start: DynamicVector(p.start), dimension: l.dimension).isMet(DynamicVector(s), l)
        }
        if l.exitCount > 1 { notes.append("Kramers: rate summed over \(l.exitCount) equivalent saddles") }
        if metAtTop {
            k = PassageTime(logTime: k.logTime - log(2.0))
            notes.append("Kramers: \(p.escape.spec) is met on the barrier top, so the estimate is half the time to cross it")
        } else {
            notes.append("Kramers counts passage well beyond the saddle (about twice the time to reach its top)")
        }
        return k
    }

    /// The 1-D passage the exact MFPT describes: start, absorbing point, reflecting boundary.
    static func passage(_ p: Problem, notes: inout [String]) -> (x0: Double, c: Double, reflecting: Double?)? {
        let x0 = p.start[0]
        switch p.escape {
        case let .coordinateAtLeast(0, c) where c > x0, let .maximumAtLeast(c) where c > x0: return (x0, c, nil)
        case let .coordinateAtMost(0, c) where c < x0, let .minimumAtMost(c) where c < x0: return (x0, c, nil)
        case let .radius(r):
            // Two absorbing points x0 -+ r: by symmetry the MFPT from the centre
            // is the one with a reflecting boundary there, when U is symmetric.
            let u = { p.landscape.loss(at: [$0]) }
            let symmetric = (1...64).allSatisfy { k in
                let d = 2 * r * Double(k) / 64
                return abs(u(x0 + d) - u(x0 - d)) <= 1e-12 * (1 + abs(u(x0 + d)))
            }
            if symmetric { return (x0, x0 + r, x0) }
            notes.append("exact MFPT: radius=\(r.compact) needs a landscape symmetric about the start")
            return nil
        default:
            notes.append("exact MFPT: needs x0>=C, x0<=C beyond the start, or radius=R")
            return nil
        }
    }

    /// The saddle law when the run starts at an index-1 saddle with Gaussian noise and a radius
    /// criterion (or `|x0|>=R` on a saddle at x0 = 0 whose unstable direction is x0).
    static func saddleLaw(_ p: Problem) -> (time: Double, steps: Double, exact: PassageTime?)? {
        let l = p.landscape
        guard let s = l.saddle, zip(s, p.start).allSatisfy({ abs($0 - $1) <= 1e-12 }),
              let eig = try? symmetricEigen(l.hessian(at: s)),
              Kramers.isIndexOneSaddle(eig.values) else { return nil }
        // Distance R along the unstable direction: the radius, or |x0| >= R
        // on a saddle at x0 = 0 whose unstable direction is x0.
        let r: Double
        switch p.escape {
        case let .radius(radius): r = radius
        case let .magnitudeAtLeast(0, c) where s[0] == 0 && abs(eig.vectors[0, 0]) == 1: r = c
        default: return nil
        }
        let gamma = -eig.values[0]
        let e = (0..<l.dimension).map { eig.vectors[$0, 0] }
        // Gradient-noise variance along the unstable eigenvector e.
        var s2: Double
        switch p.noise {
        case let .gaussian(sigma): s2 = sigma * sigma
        case let .sgd(b, _, h): s2 = CurvatureMagnitude.scalar(gamma, floor: h) / Double(b)   // e^T M_h(H) e / B at the saddle
        case let .covariance(m):
            s2 = 0
            for i in 0..<l.dimension { for j in 0..<l.dimension { s2 += e[i] * m[i, j] * e[j] } }
        default: return nil
        }
        guard s2 > 0 else { return nil }
        let eta = p.learningRate
        let d = eta * s2 / 2
        return (SaddleEscape.time(gamma: gamma, diffusion: d, radius: r),
                SaddleEscape.steps(gamma: gamma, learningRate: eta, noiseVariance: s2, radius: r),
                try? SaddleEscape.exactTime(gamma: gamma, diffusion: d, radius: r))
    }

    /// The noise-free passage on the quadratic `saddle` from a start on its unstable
    /// axis: gamma and the distances r0 -> R from the saddle it covers.
    static func noiseFreePath(_ p: Problem) -> (gamma: Double, r0: Double, R: Double)? {
        guard p.noise == .none, let saddle = p.landscape as? Saddle else { return nil }
        let r0 = p.start[0]
        guard r0 != 0, p.start.dropFirst().allSatisfy({ $0 == 0 }) else { return nil }
        let gamma = saddle.negative
        switch p.escape {
        case let .coordinateAtLeast(0, c) where r0 > 0 && c > 0: return (gamma, r0, c)
        case let .coordinateAtMost(0, c) where r0 < 0 && c < 0: return (gamma, -r0, -c)
        case let .radius(r): return (gamma, abs(r0), abs(r0) + r)   // distance from the start: |r0| (a^n - 1) >= R
        default: return nil
        }
    }

    /// Distances from the start minimum to the basin boundary in each escape
    /// direction: the barrier top when it comes first, else the escape point.
    static func basinDistances(_ p: Problem) -> [Double]? {
        let l = p.landscape
        guard let m = l.startMinimum, abs(m[0] - p.start[0]) <= 1e-12 else { return nil }
        let x0 = p.start[0]
        let top = l.saddle?[0]
        func toward(_ c: Double) -> Double {
            if let top, (top - x0) * (c - x0) > 0, abs(top - x0) < abs(c - x0) { return abs(top - x0) }
            return abs(c - x0)
        }
        switch p.escape {
        case let .coordinateAtLeast(0, c) where c > x0: return [toward(c)]
        case let .coordinateAtMost(0, c) where c < x0: return [toward(c)]
        case let .radius(r): return [toward(x0 + r), toward(x0 - r)]
        default: return nil
        }
    }

    // MARK: - Output

    /// The estimates as JSON. The documented keys mfpt_time, mfpt_steps,
    /// kramers_time, kramers_steps come first; null where a law does not apply.
    public var json: JSONValue {
        let eta = learningRate
        return .object([
            ("mfpt_time", .number(meanFirstPassage?.time)),
            ("mfpt_steps", .number(meanFirstPassage?.steps(learningRate: eta))),
            ("kramers_time", .number(kramers?.time)),
            ("kramers_steps", .number(kramers?.steps(learningRate: eta))),
            ("mfpt_log_time", .number(meanFirstPassage?.logTime)),
            ("mfpt_discrete_time", .number(meanFirstPassageDiscrete?.time)),
            ("mfpt_discrete_steps", .number(meanFirstPassageDiscrete?.steps(learningRate: eta))),
            ("saddle_time", .number(saddleTime)),
            ("saddle_steps", .number(saddleSteps)),
            ("saddle_exact_time", .number(saddleExact?.time)),
            ("saddle_exact_steps", .number(saddleExact?.steps(learningRate: eta))),
            ("noise_free_steps", noiseFreeSteps.map { .int($0) } ?? .null),
            ("levy_time", .number(levySteps.map { $0 * eta })),
            ("levy_steps", .number(levySteps)),
        ] + (inertial?.json ?? InertialTheory.nullJSON) + (pde?.json(learningRate: eta) ?? KolmogorovEstimate.nullJSON) + [
            ("temperature", .number(temperature)),
            ("diffusion", diffusion.map { .string($0) } ?? .null),
            ("barrier", .number(barrier)),
            ("barrier_over_temperature", .number(barrierOverTemperature)),
            ("lr", .number(eta)),
            ("escape", .string(criterion)),
            ("notes", .array(notes.map { .string($0) })),
        ])
    }

    /// One row per law: name, continuous time, steps (a `-` where it does not apply).
    public var rows: [(law: String, time: Double?, steps: Double?)] {
        let eta = learningRate
        return [
            ("exact MFPT (quadrature)", meanFirstPassage?.time, meanFirstPassage?.steps(learningRate: eta)),
            ("exact MFPT, escape point moved out by 0.5826 sqrt(2 D lr)", meanFirstPassageDiscrete?.time,
             meanFirstPassageDiscrete?.steps(learningRate: eta)),
            ("Kramers / Eyring-Kramers", kramers?.time, kramers?.steps(learningRate: eta)),
            ("saddle law, continuous time", saddleTime, saddleTime.map { $0 / eta }),
            ("saddle law, discrete steps (SGD: ln(1 + lr γ); inertial: heavy-ball growth ln G)", saddleSteps.map { $0 * eta }, saddleSteps),
            ("saddle, exact 1-D (unstable direction)", saddleExact?.time, saddleExact?.steps(learningRate: eta)),
            ("noise-free saddle (exact)", noiseFreeSteps.map { Double($0) * eta }, noiseFreeSteps.map(Double.init)),
            ("alpha-stable exit law", levySteps.map { $0 * eta }, levySteps),
        ] + (inertial?.rows(learningRate: eta) ?? []) + (pde?.rows(learningRate: eta) ?? [])
    }
}
