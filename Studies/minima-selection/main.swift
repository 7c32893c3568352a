// minima-selection: which minimum does each optimizer end in? On a 1-D well
// with a sharp and a flat minimum of equal depth (asymmetric-well, curvatures
// 4 and 1), and on styblinski-tang:dim=2 (a deep and a shallow minimum per
// coordinate):
//   1. plain SGD's escape times in both directions and their ratio, for white,
//      frozen-H, path-H and real minibatch noise, each against the exact 1-D MFPT;
//   2. SGD's long-run occupation of the flat basin against the exact stationary
//      density p(x) ~ exp(-Phi(x)) / D(x), Phi = Int U'/D (Ito), from the barrier
//      top and from starts spread over both basins;
//   3. SGD, momentum, Adam, AdamW and Adai from the barrier top: the occupation
//      after a long run, against each one's Gibbs law at its temperature where
//      the noise is white, and against SGD where it follows the Hessian.
import EscapeLab
import Foundation
import StudyKit

let about = StudyDescription(
    name: "minima-selection",
    summary: """
        Where SGD, momentum, Adam, AdamW and Adai end up on a landscape with a sharp and
        a flat minimum of equal depth, and on Styblinski-Tang: escape-rate ratios for
        white, frozen-H, path-H and real minibatch noise against the exact MFPT, and the
        long-run occupation against the exact stationary density.
        """,
    fullTime: "15 min", fullCPUTime: "15 min", quickTime: "about 19 s")

let options = StudyOptions.parseOrExit(about)
let quick = options.quick
let trajectories = options.trajectories(full: 2000, quick: 150)
var row = 0
@MainActor func plan(_ n: Int = trajectories) -> ExecutionPlan { row += 1; return options.plan(trajectories: n, row: row) }

// The landscapes. W: barrier 0.05, curvatures 4 (sharp, left) and 1 (flat, right),
// lr 0.025 (lr k_sharp = 0.1). The shifted well: 10 copies of W moved by a_i ~ N(0, 0.2^2)
// and tilted by b_i ~ N(0, 0.8^2), so real minibatch noise is ~ 0.04 W''^2 + 0.64.
let lr = 0.025
let well = AsymmetricWell(barrier: 0.05, sharp: 4, flat: 1)
let shifted = ShiftedWell(barrier: 0.05, sharp: 4, flat: 1, count: 10, spread: 0.2, tilt: 0.8, seed: 1)
let temperature = 0.01
let white = NoiseSpec.gaussian(sigma: (2 * temperature / lr).squareRoot())

struct Model {
    let name: String
    let landscape: any Landscape
    let noise: NoiseSpec
    /// Sharp minimum, barrier top, flat minimum of the mean loss.
    let sharp: Double, top: Double, flat: Double
    /// Whether the noise has a stationary law (frozen noise depends on the start).
    let stationary: Bool
}
let wellPoints = (well.sharpMinimum, well.barrierTop, well.flatMinimum)
let shiftedPoints = (shifted.criticalPoints.sharp, shifted.criticalPoints.top, shifted.criticalPoints.flat)
let models = [
    Model(name: "white (T = \(temperature.compact))", landscape: well, noise: white,
          sharp: wellPoints.0, top: wellPoints.1, flat: wellPoints.2, stationary: true),
    Model(name: "frozen H (sgd:batch=1 at the start)", landscape: well, noise: .sgd(batch: 1, localHessian: false),
          sharp: wellPoints.0, top: wellPoints.1, flat: wellPoints.2, stationary: false),
    Model(name: "path H (hessian=local, floor 1)", landscape: well, noise: .sgd(batch: 1, localHessian: true, floor: 1),
          sharp: wellPoints.0, top: wellPoints.1, flat: wellPoints.2, stationary: true),
    Model(name: "real minibatch (B = 1 of 10)", landscape: shifted, noise: .minibatch(batch: 1, replacement: false),
          sharp: shiftedPoints.0, top: shiftedPoints.1, flat: shiftedPoints.2, stationary: true),
]

struct Failure: Error, CustomStringConvertible { let description: String }

// MARK: - 1. Escape in both directions

/// Escape counts once the trajectory is halfway from the barrier top to the other minimum.
@MainActor func escapeProblem(_ m: Model, fromSharp: Bool) -> Problem {
    let start = fromSharp ? m.sharp : m.flat
    let escape: EscapeCriterion = fromSharp ? .coordinateAtLeast(0, (m.top + m.flat) / 2) : .coordinateAtMost(0, (m.top + m.sharp) / 2)
    return Problem(landscape: m.landscape, learningRate: lr, noise: m.noise, start: [start], escape: escape, maxSteps: 1)
}
@MainActor func exactSteps(_ p: Problem) throws -> Double {
    let theory = try TheoryEstimate(p)
    guard let steps = theory.meanFirstPassageDiscrete?.steps(learningRate: p.learningRate) else {
        throw Failure(description: "no exact MFPT for \(p.noise.spec) on \(p.landscape.spec): \(theory.notes.joined(separator: "; "))")
    }
    return steps
}
// Discretisation bias bound of the escape times (lr k_sharp = 0.1): see the table note.
let escapeBias = 0.15
var escapes = StudyTable(
    title: "Plain SGD, lr \(lr.compact): escape time from each minimum (to halfway down the other side) and the rate ratio",
    columns: ["noise", "landscape", "D(x)", "τ sharp→flat sim", "exact", "verdict", "τ flat→sharp sim", "exact", "verdict",
              "rate ratio sharp→flat / flat→sharp sim", "exact", "verdict"])
var exactTimes: [String: (sf: Double, fs: Double)] = [:]
for m in quick ? [models[0], models[2]] : models {
    var cells: [String] = [m.name, Fmt.spec(m.landscape.spec), NoiseDiffusion(escapeProblem(m, fromSharp: false))?.formula ?? "-"]
    var pair: [(EscapeMeasurement, Double)] = []
    for fromSharp in [true, false] {
        var p = escapeProblem(m, fromSharp: fromSharp)
        let exact = try exactSteps(p)
        p.maxSteps = EscapeMeasurement.stepCap(expectedSteps: exact)
        let measured = try EscapeMeasurement.run(p, plan())
        pair.append((measured, exact))
        cells += [Fmt.pm(measured.steps, measured.stepsSE), Fmt.g(exact, 5), Verdict.text(measured, referenceSteps: exact, bias: escapeBias)]
    }
    let (sf, fs) = (pair[0], pair[1])
    let ratio = fs.0.steps / sf.0.steps
    let ratioSE = ratio * (pow(fs.0.stepsSE / fs.0.steps, 2) + pow(sf.0.stepsSE / sf.0.steps, 2)).squareRoot()
    let exactRatio = fs.1 / sf.1
    exactTimes[m.name] = (sf.1, fs.1)
    cells += [Fmt.pm(ratio, ratioSE, 3), Fmt.g(exactRatio, 4), Verdict.text(ratio, se: ratioSE, reference: exactRatio, bias: 2 * escapeBias)]
    escapes.add(cells)
}
escapes.notes = [
    "The landscape: \(Fmt.spec(well.spec)), sharp minimum x = \(Fmt.g(well.sharpMinimum, 4)) (curvature 4), flat minimum x = \(Fmt.g(well.flatMinimum, 4)) (curvature 1), barrier top x = \(Fmt.g(well.barrierTop, 4)), equal depths. Real minibatch noise needs a finite sum: \(Fmt.spec(shifted.spec)) averages 10 copies of the same well moved by a_i and tilted by b_i (mirror-image pairs), so its noise at x is C(x) ≈ var(a) W''(x)² + var(b): 16 times more curvature noise in the sharp well than in the flat one, where sgd noise (H/B) has 4 times; its mean loss is W smoothed by the shifts (minima at \(Fmt.g(shifted.criticalPoints.sharp, 4)) and \(Fmt.g(shifted.criticalPoints.flat, 4)), depths differing by \(Fmt.g(shifted.loss(at: [shifted.criticalPoints.flat]) - shifted.loss(at: [shifted.criticalPoints.sharp]), 3))).",
    "Exact: the 1-D mean first-passage quadrature with each model's D(x) (`escapelab theory`, boundary moved out for once-per-step checking). The rate ratio k(sharp→flat) / k(flat→sharp) = τ(flat→sharp) / τ(sharp→flat). White noise favours the flat minimum only through the prefactor: Kramers gives sqrt(k_sharp / k_flat) = 2 at equal depths. Frozen-H noise is white noise at T = lr H_a / (2B), a different temperature in each well (T_sharp = 4 T_flat), which makes the ratio exponential in the barrier: exp(h/T_flat - h/T_sharp) times the prefactor. Path-H noise has the curvature of each point, floored at 1: the climb out of the sharp well is colder than its minimum (|U''| falls toward the floor on the way up), the climb out of the flat well a little hotter (the floor adds to k_flat = 1), so the ratio is far below frozen-H noise's. Real minibatch noise grows as W''², so the sharp well is hotter still.",
    "Verdict rule: \(Verdict.rule(bias: escapeBias)) for times, \(Verdict.rule(bias: 2 * escapeBias)) for ratios (the two biases can add). The \(Fmt.g(100 * escapeBias, 2))% bounds the discretisation bias at lr k_sharp = 0.1, which is largest for path-H noise leaving the sharp well: separate runs of 4000 trajectories gave sim/exact 0.887 ± 0.013 at lr 0.025 and 0.931 ± 0.015 at lr 0.0125 (frozen-H: 1.007 ± 0.014 and 1.002 ± 0.015), and the state-dependent-noise study found path noise 12% low at lr H_a = 0.1.",
]

// MARK: - 2. SGD's long-run occupation against the exact stationary density

/// The stationary probability of x > top of dX = -U'(X) dt + sqrt(2 D(X)) dW (Ito):
/// p(x) = exp(-Phi(x)) / D(x), Phi(x) = Int_top^x (U'(u) + c u) / D(u) du, on a fine trapezoid grid
/// (`tilt` c adds the potential c x^2 / 2 of decoupled weight decay).
/// The unnormalised stationary density of dX = -F(X) dt + sqrt(2 D(X)) dW (Ito) on `points` trapezoid
/// nodes from a to b: p(x) = exp(-Phi(x)) / D(x), Phi(x) = Int_a^x (F(u) + c u) / D(u) du, shifted by
/// min Phi (`tilt` c adds the potential c x^2 / 2 of decoupled weight decay).
func stationaryDensity(gradient: (Double) -> Double, diffusion: (Double) -> Double, from a: Double, to b: Double,
                       tilt c: Double = 0, points: Int) -> (xs: [Double], p: [Double]) {
    let h = (b - a) / Double(points - 1)
    let xs = (0..<points).map { a + Double($0) * h }
    let f = xs.map { (gradient($0) + c * $0) / diffusion($0) }
    var phi = [Double](repeating: 0, count: points)
    for i in 1..<points { phi[i] = phi[i - 1] + 0.5 * h * (f[i] + f[i - 1]) }
    let m = phi.min()!
    return (xs, zip(xs, phi).map { exp(-($0.1 - m)) / diffusion($0.0) })
}

/// The stationary probability of x > top under ``stationaryDensity(gradient:diffusion:from:to:tilt:points:)``.
@MainActor func stationaryFlat(gradient: (Double) -> Double, diffusion: (Double) -> Double, top: Double,
                    from a: Double, to b: Double, tilt c: Double = 0, points: Int = 200_001) -> Double {
    let (xs, p) = stationaryDensity(gradient: gradient, diffusion: diffusion, from: a, to: b, tilt: c, points: points)
    let h = (b - a) / Double(points - 1)
    var right = 0.0, total = 0.0
    for i in 1..<points {
        let piece = 0.5 * h * (p[i] + p[i - 1])
        total += piece
        if xs[i] > top { right += piece }
    }
    return right / total
}
extension Model {
    /// The stationary probability of the flat basin on this model's landscape with diffusion D
    /// (and decay tilt c), over 1.5 either side of the two minima.
    @MainActor func flatProbability(diffusion: (Double) -> Double, tilt c: Double = 0) -> Double {
        stationaryFlat(gradient: { landscape.gradient(at: [$0])[0] }, diffusion: diffusion, top: top,
                       from: sharp - 1.5, to: flat + 1.5, tilt: c)
    }
}
/// SGD's exact stationary flat-basin probability for a 1-D model (its D(x) at lr).
@MainActor func exactFlat(_ m: Model) -> Double {
    m.flatProbability(diffusion: NoiseDiffusion(Problem(landscape: m.landscape, learningRate: lr, noise: m.noise, start: [m.top],
                                                        escape: .never, maxSteps: 1))!.at)
}
/// k of n as a fraction, with its binomial SE.
func proportion(_ k: Int, of n: Int) -> (p: Double, se: Double) {
    let p = Double(k) / Double(n)
    return (p, (p * (1 - p) / Double(n)).squareRoot())
}
/// "+0.033 (+2.8 SE)": proportion `a` minus `b`, in their combined SE.
func difference(_ a: (p: Double, se: Double), from b: (p: Double, se: Double)) -> String {
    let se = (b.se * b.se + a.se * a.se).squareRoot()
    return "\(String(format: "%+.3f", a.p - b.p)) (\(String(format: "%+.1f", (a.p - b.p) / se)) SE)"
}
/// The fraction of final points right of `top`, with its binomial SE.
@MainActor func occupation(_ records: EnsembleRecords, top: Double) -> (p: Double, se: Double) {
    proportion((0..<records.count).filter { records.finalPoint($0).first! > top }.count, of: records.count)
}
/// Occupation after `steps` from each of `starts` (trajectories split evenly).
@MainActor func occupation(_ m: Model, optimizer: OptimizerSpec = .sgd(SGDConfig()), lr eta: Double = lr, starts: [Double], steps: Int,
                total: Int = trajectories, seedRow: Int? = nil) throws -> (p: Double, se: Double) {
    var wins = 0.0, n = 0.0
    for (k, s) in starts.enumerated() {
        let p = Problem(landscape: m.landscape, optimizer: optimizer, learningRate: eta, noise: m.noise, start: [s], escape: .never, maxSteps: steps)
        let count = max(total / starts.count, 2)
        let r = try p.run(seedRow.map { options.plan(trajectories: count, row: $0 + 100 * k) } ?? plan(count))
        let o = occupation(r, top: m.top)
        wins += o.p * Double(r.count); n += Double(r.count)
    }
    let p = wins / n
    return (p, (p * (1 - p) / n).squareRoot())
}
// Bias bound of a long-run occupation against the continuous stationary law: see the note.
let occupationBias = 0.05
// Bias bound of the per-basin Adam law's occupation: see table 3's note.
let adamBasinBias = 0.10
var stationary = StudyTable(
    title: "Plain SGD: probability of the flat basin after a long run, against the exact stationary density",
    columns: ["noise", "steps", "from the barrier top", "verdict", "from starts spread over both basins", "verdict",
              "exact stationary p ~ e^(-Φ)/D", "two-state τ_fs / (τ_fs + τ_sf)", "Gibbs at D(flat minimum) (for contrast)"])
var occupationPlot = Plot(title: "Probability of the flat basin after a long run (plain SGD)", xLabel: "noise model (1 white, 2 path H, 3 minibatch)",
                          yLabel: "P(flat basin)")
var simPoints: [(Double, Double, Double)] = [], lawPoints: [(Double, Double)] = []
for (k, m) in models.enumerated() where m.stationary && (!quick || k != 3) {
    let times = exactTimes[m.name] ?? (sf: 0, fs: 0)
    let steps = quick ? 100_000 : Int((10 * max(times.sf, times.fs, 20_000) / 10_000).rounded(.up)) * 10_000
    let exact = exactFlat(m)
    let fromTop = try occupation(m, starts: [m.top], steps: steps)
    let spread = (0..<9).map { m.sharp - 0.5 * (m.top - m.sharp) + Double($0) / 8 * (m.flat + 0.5 * (m.flat - m.top) - m.sharp + 0.5 * (m.top - m.sharp)) }
    let fromSpread = try occupation(m, starts: spread, steps: steps)
    let d = NoiseDiffusion(Problem(landscape: m.landscape, learningRate: lr, noise: m.noise, start: [m.flat], escape: .never, maxSteps: 1))!
    let tFlat = d.at(m.flat)
    let gibbs = m.flatProbability(diffusion: { _ in tFlat })
    stationary.add([m.name, "\(steps)", Fmt.pm(fromTop.p, fromTop.se, 3), Verdict.text(fromTop.p, se: fromTop.se, reference: exact, bias: occupationBias),
                    Fmt.pm(fromSpread.p, fromSpread.se, 3), Verdict.text(fromSpread.p, se: fromSpread.se, reference: exact, bias: occupationBias),
                    Fmt.g(exact, 4), times.sf > 0 ? Fmt.g(times.fs / (times.fs + times.sf), 4) : "-", Fmt.g(gibbs, 4)])
    simPoints.append((Double(simPoints.count + 1), fromTop.p, fromTop.se))
    lawPoints.append((Double(lawPoints.count + 1), exact))
}
occupationPlot.series = [Plot.Series("simulation, from the barrier top", x: simPoints.map(\.0), y: simPoints.map(\.1), yError: simPoints.map(\.2)),
                         Plot.Series("exact stationary density", x: lawPoints.map(\.0), y: lawPoints.map(\.1))]
stationary.notes = [
    "Occupation: the fraction of trajectories right of the barrier top after the given number of steps, at least 10 times the slower exact escape time of table 1, so the memory of the start is gone (the two start columns agree). Spread starts: 9 equally spaced points from half a well-width left of the sharp minimum to half a width right of the flat one, the trajectories split evenly (a uniform random start, sampled deterministically).",
    "Exact: the stationary density of the Ito diffusion dX = -U'(X) dt + sqrt(2 D(X)) dW, p(x) ∝ exp(-Φ(x)) / D(x) with Φ = ∫ U'/D (zero net flux; the same D(x) as the MFPT), integrated on a grid of 200,001 points. For white noise it is Gibbs, exp(-U/T). Frozen-H noise is left out: its temperature is set by the start, so it has no start-independent stationary law. The last column is the Gibbs law at the flat well's own temperature: the difference from the exact column is what position-dependent noise does to selection.",
    "Verdict rule: \(Verdict.rule(bias: occupationBias)) (binomial SE). The \(Fmt.g(100 * occupationBias, 2))% bounds the discrete chain's departure from the continuous stationary law: in a quadratic well of curvature k, SGD's stationary variance is T / (k (1 - lr k / 2)), so the sharp basin (lr k = 0.1) is 2.6% wider in x than the continuous law's, and its weight moves by about that much.",
]

// MARK: - 3. Which minimum each optimizer ends in

/// The temperature of `escapelab theory` for `p`. AdamW's decoupled decay does not change Adam's
/// temperature (it adds a potential, handled by the law), so AdamW gets Adam's; 2-D Adai, whose beta
/// differs per coordinate, gets lr sigma^2 / 2 for white noise: EMA momentum is heavy ball at lr (1 - beta)
/// with momentum beta, T = lr (1 - beta) sigma^2 / (2 (1 - beta)), whatever each coordinate's beta is.
@MainActor func temperature(_ p: Problem) throws -> Double? {
    if let t = try TheoryEstimate(p).temperature { return t }
    var q = p
    switch (p.optimizer, p.noise) {
    case let (.adam(config), _) where config.decoupled:
        q.optimizer = .adam(AdamConfig(beta1: config.beta1, beta2: config.beta2, eps: config.eps, amsgrad: config.amsgrad))
        return try TheoryEstimate(q).temperature
    case let (.adai, .gaussian(sigma)):
        return p.learningRate * sigma * sigma / 2
    default:
        return nil
    }
}

// MARK: Adam under path-dependent noise: v per basin

/// Mean first-passage steps of x -= mu (F(x) + xi), Var xi = C(x), from x0 to b > x0, reflecting at
/// l < x0, in the diffusion limit (D = mu^2 C / 2 per step, drift -mu F):
/// ```
/// tau = Int_x0^b e^Phi(y) Int_l^y e^-Phi(z) / D(z) dz dy,   Phi' = mu F / D
/// ```
/// (for b < x0 the mirror image). Trapezoid rule on `points` nodes from l to b.
func passageSteps(force: (Double) -> Double, noise: (Double) -> Double, mu: Double, from x0: Double, to b: Double,
                  reflecting l: Double, points: Int = 40_001) -> Double {
    if b < x0 {
        return passageSteps(force: { -force(-$0) }, noise: { noise(-$0) }, mu: mu, from: -x0, to: -b, reflecting: -l, points: points)
    }
    let h = (b - l) / Double(points - 1)
    let xs = (0..<points).map { l + Double($0) * h }
    let d = xs.map { mu * mu * noise($0) / 2 }
    let f = zip(xs, d).map { mu * force($0.0) / $0.1 }
    var phi = [Double](repeating: 0, count: points)
    for i in 1..<points { phi[i] = phi[i - 1] + 0.5 * h * (f[i] + f[i - 1]) }
    let shift = phi.max()!
    // inner(y) = Int_l^y e^-Phi / D, kept as e^(-shift) * inner to stay in range.
    var inner = [Double](repeating: 0, count: points)
    for i in 1..<points { inner[i] = inner[i - 1] + 0.5 * h * (exp(-(phi[i] - shift)) / d[i] + exp(-(phi[i - 1] - shift)) / d[i - 1]) }
    var tau = 0.0
    for i in 1..<points where xs[i] > x0 {
        tau += 0.5 * h * (exp(phi[i] - shift) * inner[i] + exp(phi[i - 1] - shift) * inner[i - 1])
    }
    return tau
}

/// Adam (and AdamW) with position-dependent noise C(x). Its v averages g^2 over 1 / (1 - beta2) = 1000
/// steps: far longer than a basin's relaxation (20-50 steps), so a climb out of basin k runs with the
/// v it has then, and a stay settles v to that basin's mean of g^2, v_k = E_k[C(X) + U'(X)^2]. With v
/// fixed, Adam in a basin is SGD at mu = lr / (sqrt(v) + eps) (AdamW: on the force U' + sqrt(v) wd x),
/// temperature mu C(x) / 2, and leaves at the rate 1 / tau(v): tau the diffusion-limit passage time to
/// halfway down the other side times Kramers' friction factor kappa(X), X = mu |U''_b| / (1 - beta1)
/// (beta1's inertia). v remembers the basin it came from: after a crossing into basin k,
/// v_t = v_k + (v_other - v_k) beta2^t, and the mean stay is sum_t prod_{s<t} exp(-1 / tau(v_s)).
/// The occupation of the flat basin is stay_flat / (stay_flat + stay_sharp); v_k is solved
/// self-consistently from the basin's quasi-stationary density exp(-Phi) / D.
struct PerBasinAdamLaw {
    /// The law: P(flat) with v's memory.
    let flat: Double
    /// The same with v at the new basin's value from the first step (no memory).
    let memorylessFlat: Double
    let v: (sharp: Double, flat: Double)
    /// Mean stays (steps), with v's memory.
    let stays: (sharp: Double, flat: Double)

    @MainActor init(_ m: Model, learningRate eta: Double, beta1: Double, beta2: Double, eps: Double, weightDecay wd: Double) {
        let d = NoiseDiffusion(Problem(landscape: m.landscape, learningRate: lr, noise: m.noise, start: [m.top], escape: .never, maxSteps: 1))!
        let c: @Sendable (Double) -> Double = { x in 2 * d.at(x) / lr }   // the noise variance C(x), from SGD's D = lr C / 2
        let landscape = m.landscape
        let grad: @Sendable (Double) -> Double = { x in landscape.gradient(at: [x])[0] }
        /// E[C + U'^2] over the basin between a and b under its quasi-stationary density at mu, force U' + sqrt(v) wd x.
        func basinMean(_ a: Double, _ b: Double, mu: Double, sv: Double) -> Double {
            let (xs, p) = stationaryDensity(gradient: { mu * (grad($0) + sv * wd * $0) }, diffusion: { mu * mu * c($0) / 2 },
                                            from: a, to: b, points: 20_001)
            var num = 0.0, den = 0.0
            for (x, w) in zip(xs, p) { num += w * (c(x) + grad(x) * grad(x)); den += w }
            return num / den
        }
        var vs = c(m.sharp), vf = c(m.flat)
        for _ in 0..<8 {
            vs = basinMean(m.sharp - 1.5, m.top, mu: eta / (vs.squareRoot() + eps), sv: vs.squareRoot())
            vf = basinMean(m.top, m.flat + 1.5, mu: eta / (vf.squareRoot() + eps), sv: vf.squareRoot())
        }
        v = (vs, vf)
        let hb = abs(m.landscape.hessian(at: [m.top])[0, 0])
        /// Mean steps to leave a basin with v held fixed.
        func climb(fromSharp: Bool, v: Double) -> Double {
            let sv = v.squareRoot(), mu = eta / (sv + eps)
            return KramersHanggi.frictionFactor(mu * hb / (1 - beta1))
                * passageSteps(force: { grad($0) + sv * wd * $0 }, noise: c, mu: mu, from: fromSharp ? m.sharp : m.flat,
                               to: fromSharp ? (m.top + m.flat) / 2 : (m.top + m.sharp) / 2,
                               reflecting: fromSharp ? m.sharp - 1.5 : m.flat + 1.5)
        }
        /// The mean stay in a basin entered with the other basin's v (ln tau(v) interpolated on 33 nodes).
        func stay(fromSharp: Bool) -> Double {
            let (vk, vo) = fromSharp ? (vs, vf) : (vf, vs)
            let nodes = 32
            let lt = (0...nodes).map { log(climb(fromSharp: fromSharp, v: vk + (vo - vk) * Double($0) / Double(nodes))) }
            var survival = 1.0, total = 0.0, decay = 1.0
            while survival > 1e-12 {
                total += survival
                let u = decay * Double(nodes), i = min(Int(u), nodes - 1), f = u - Double(i)
                survival *= exp(-1 / exp(lt[i] * (1 - f) + lt[i + 1] * f))
                decay *= beta2
            }
            return total
        }
        stays = (stay(fromSharp: true), stay(fromSharp: false))
        flat = stays.flat / (stays.flat + stays.sharp)
        let (sf, fs) = (climb(fromSharp: true, v: vs), climb(fromSharp: false, v: vf))
        memorylessFlat = fs / (fs + sf)
    }
}

/// (name, optimizer, learning rate): the rates give each optimizer the temperature of SGD at lr 0.025
/// for white noise (heavy ball at lr / (1 - beta); EMA momentum at lr; Adam at lr sqrt(v)).
let adamLR = 0.0224
let optimizers: [(String, OptimizerSpec, Double)] = [
    ("SGD", .sgd(SGDConfig()), lr),
    ("momentum 0.9", .sgd(SGDConfig(momentum: 0.9)), lr * 0.1),
    ("Adam", try OptimizerSpec(parsing: "adam"), adamLR),
    ("AdamW (wd 0.01)", try OptimizerSpec(parsing: "adamw"), adamLR),
    ("Adai", try OptimizerSpec(parsing: "adai"), lr),
    ("Adam (β1 = 0)", try OptimizerSpec(parsing: "adam:beta1=0"), adamLR),
]
/// Rows added after the first results draw from a seed block of their own, so the rows after them keep their seeds.
let laterRows = ["Adam (β1 = 0)"]
var laterRow = 10_000
var selection = StudyTable(
    title: "Probability of the flat basin after a long run from the barrier top, by optimizer",
    columns: ["landscape", "noise", "optimizer", "lr", "steps", "T (theory)", "P(flat) sim", "law", "P(flat) law", "verdict",
              "vs SGD (difference, SE)"])
let selectionSteps = quick ? 100_000 : 500_000
for m in [models[0], models[2]] {
    var sgd: (p: Double, se: Double)?
    for (name, optimizer, eta) in quick ? [optimizers[0], optimizers[5]] : optimizers {
        let problem = Problem(landscape: m.landscape, optimizer: optimizer, learningRate: eta, noise: m.noise, start: [m.top], escape: .never, maxSteps: 1)
        let t = try temperature(problem)
        var seedRow: Int?
        if laterRows.contains(name) { seedRow = laterRow; laterRow += 1 }
        let o = try occupation(m, optimizer: optimizer, lr: eta, starts: [m.top], steps: selectionSteps, total: quick ? trajectories : 1000,
                               seedRow: seedRow)
        var law = "-", value = "-"
        var verdict = "no law"
        let isWhite: Bool = { if case .gaussian = m.noise { return true } else { return false } }()
        if name == "SGD" {
            let exact = exactFlat(m)
            law = isWhite ? "Gibbs e^(-U/T)" : "exact stationary e^(-Φ)/D"
            value = Fmt.g(exact, 4)
            verdict = Verdict.text(o.p, se: o.se, reference: exact, bias: occupationBias)
        } else if !isWhite, case let .adam(config) = optimizer {
            let a = PerBasinAdamLaw(m, learningRate: eta, beta1: config.beta1, beta2: config.beta2, eps: config.eps,
                                    weightDecay: config.decoupled ? config.weightDecay : 0)
            law = "v per basin with its memory (v_sharp \(Fmt.g(a.v.sharp, 3)), v_flat \(Fmt.g(a.v.flat, 3)); stays \(Fmt.g(a.stays.sharp, 3)), \(Fmt.g(a.stays.flat, 3)) steps; without the memory \(Fmt.g(a.memorylessFlat, 3)))"
            value = Fmt.g(a.flat, 4)
            verdict = Verdict.text(o.p, se: o.se, reference: a.flat, bias: adamBasinBias)
        } else if !isWhite {
            // Heavy ball and EMA momentum (1-D Adai) move like SGD at lr_hb / (1 - beta) = lr once the velocity
            // has relaxed: the zero-mass limit is SGD's law at lr.
            let exact = exactFlat(m)
            law = "zero-mass limit: SGD's e^(-Φ)/D"
            value = Fmt.g(exact, 4)
            verdict = Verdict.text(o.p, se: o.se, reference: exact, bias: occupationBias)
        } else if isWhite, let t {
            // Underdamped Langevin: the position marginal is Gibbs at T. AdamW's decoupled decay x -= lr wd x
            // adds the potential sqrt(v) wd x^2 / 2 in Adam's units, sqrt(v) = lr sigma^2 / (2 T).
            var c = 0.0
            if case let .adam(config) = optimizer, config.decoupled {
                c = eta * (2 * temperature / lr) / (2 * t) * config.weightDecay
                law = "Gibbs e^(-(U + \(Fmt.g(c, 3)) x²/2)/T)"
            } else {
                law = "Gibbs e^(-U/T)"
            }
            let exact = m.flatProbability(diffusion: { _ in t }, tilt: c)
            value = Fmt.g(exact, 4)
            verdict = Verdict.text(o.p, se: o.se, reference: exact, bias: occupationBias)
        }
        let versus = sgd.map { difference(o, from: $0) } ?? "-"
        if sgd == nil { sgd = o }
        selection.add([Fmt.spec(m.landscape.spec), m.name, name, Fmt.g(eta, 4), "\(selectionSteps)", t.map { Fmt.g($0, 4) } ?? "-",
                       Fmt.pm(o.p, o.se, 3), law, value, verdict, versus])
    }
}
selection.notes = [
    "Learning rates: each optimizer at the temperature plain SGD has at lr 0.025 under the white noise (T = 0.01, the T column is `escapelab theory`'s): heavy-ball momentum at lr (1 - β) = 0.0025 (T = lr σ² / (2 (1 - β))), Adai (EMA momentum) at 0.025, Adam and AdamW at \(adamLR.compact) ≈ 0.025 σ (Adam's step is lr / sqrt(v) with v ≈ σ² when the noise dominates the gradient). The path-H rows keep these rates.",
    "Laws for white noise: the position marginal of underdamped Langevin dynamics (heavy ball, EMA momentum; Adam with v frozen at its fixed point) is Gibbs, exp(-U/T), whatever the mass and friction; AdamW has Adam's T, and its decoupled decay x -= lr wd x adds the potential sqrt(v) wd x²/2 (sqrt(v) = lr σ²/(2T)); Adai is EMA momentum, T = lr σ²/2 whatever its adaptive β. Verdict: \(Verdict.rule(bias: occupationBias)) as in the SGD table (Adam's v fluctuates by about 3% at β₂ = 0.999, which moves T by half that). Every row is also compared with SGD (the last column).",
    "Laws for path-H noise. Heavy ball and EMA momentum (Adai in 1-D) move like SGD at lr_hb / (1 - β) = 0.025 once their velocity has relaxed (1 / (1 - β) = 10 steps): the zero-mass limit is SGD's exact stationary law, with SGD's \(Fmt.g(100 * occupationBias, 2))% bound. It is only a limit: with noise that changes along the path the velocity carries the sharp well's larger kicks up the climb, where C(x) is smaller (C = 4.1 at the sharp minimum, 1 at the inflection, 1.4 at the top). Separate runs of 200 trajectories from the sharp minimum to halfway down the flat side: heavy ball 0.9 at lr_hb 0.001158 takes 30,600 ± 2,100 steps where SGD at the equivalent lr 0.01158 takes 63,300 ± 4,200, and that faster exit from the sharp well is what lifts momentum and Adai above SGD here.",
    "Adam: v averages g² over 1 / (1 - β2) = 1000 steps, far longer than a basin's relaxation (20-50 steps) and far shorter than a stay (~10^4-10^5 steps), so a climb out of basin k runs with that basin's v_k = E_k[C + U'²], and Adam there is SGD at μ_k = lr / (sqrt(v_k) + ε) (AdamW: on the force U' + sqrt(v_k) wd x), temperature μ_k C(x) / 2: dividing by sqrt(v) cools the sharp basin most. Law: the two-state occupation stay_flat / (stay_flat + stay_sharp), each stay from the escape rate 1 / τ(v) (τ the diffusion-limit passage time to halfway down the other side at μ = lr / (sqrt(v) + ε), times Kramers' κ(X), X = μ |U''_b| / (1 - β1)) with v relaxing from the other basin's value after each crossing, v_t = v_k + (v_other - v_k) β2^t; v_k self-consistent over the basin's quasi-stationary density. Verdict within 4 SE + \(Fmt.g(100 * adamBasinBias, 2))%: SGD's 5% plus 5% for v's ±3% fluctuation at β2 = 0.999 (±1.5% on each climb's exponent). The law holds for Adam without momentum (β1 = 0, the rows `Adam (β1 = 0)`, from a seed block of their own). Adam and AdamW with β1 = 0.9 disagree for the reason momentum departs from SGD above: β1's inertia carries the sharp well's larger kicks up the climb (runs from the sharp minimum: Adam 30,200 ± 1,500 steps, Adam β1 = 0 59,000 ± 4,000, the law's fixed-v time 74,200 with κ(X) = 1.10), a finite-mass effect of path-dependent noise that no law here includes.",
]

// MARK: - 4. Styblinski-Tang, two dimensions

let tang = StyblinskiTang(dimension: 2, k: 1)
let tangLR = 0.002, tangT = 8.0
let tangNoiseVariance = 2 * tangT / tangLR
let tangNoise = NoiseSpec.gaussian(sigma: tangNoiseVariance.squareRoot())
let crit = StyblinskiTang.criticalPoints
var tangTable = StudyTable(
    title: "styblinski-tang:dim=2 under white noise (T = \(tangT.compact)) from the central maximum: the fraction in the global minimum's basin",
    columns: ["optimizer", "lr", "steps", "T (theory)", "P(global basin) sim", "P(global basin) Gibbs", "verdict", "vs SGD"])
let tangSteps = quick ? 20_000 : 40_000
/// One coordinate's exact MFPT from the shallow to the deep minimum at tangT (steps): the relaxation time.
let tangRelaxation = try TheoryEstimate(Problem(landscape: StyblinskiTang(dimension: 1, k: 1), learningRate: tangLR, noise: tangNoise,
                                                maxSteps: 1)).meanFirstPassageDiscrete!.steps(learningRate: tangLR)
var tangSGD: (p: Double, se: Double)?
for (name, optimizer, eta0) in quick ? [optimizers[0], optimizers[1]] : optimizers {
    // The same scaling of rates as for the 1-D well, relative to SGD's lr.
    let eta = eta0 / lr * tangLR * (name.hasPrefix("Adam") ? (2 * tangT / tangLR).squareRoot() / (2 * temperature / lr).squareRoot() : 1)
    let problem = Problem(landscape: tang, optimizer: optimizer, learningRate: eta, noise: tangNoise,
                          start: [crit.maximum, crit.maximum], escape: .never, maxSteps: tangSteps)
    let t = try temperature(problem)
    let records = try problem.run(plan(quick ? trajectories : 1000))
    let (p, se) = proportion((0..<records.count).filter { records.finalPoint($0).allSatisfy { $0 < crit.maximum } }.count,
                             of: records.count)
    var gibbsText = "-", verdict = "no law (T not defined)"
    if let t {
        // Per coordinate Gibbs weight of u < u_max; the product for two coordinates. AdamW's decoupled decay
        // adds sqrt(v) wd u^2 / 2 per coordinate (k = 1: u = theta), sqrt(v) = lr sigma^2 / (2 T).
        var c = 0.0
        if case let .adam(config) = optimizer, config.decoupled { c = eta * tangNoiseVariance / (2 * t) * config.weightDecay }
        let f = { (u: Double) in 0.5 * (4 * u * u * u - 32 * u + 5) }
        let one = 1 - stationaryFlat(gradient: f, diffusion: { _ in t }, top: crit.maximum, from: -6, to: 6, tilt: c)
        gibbsText = Fmt.g(one * one, 4)
        verdict = Verdict.text(p, se: se, reference: one * one, bias: occupationBias)
    }
    let versus = tangSGD.map { difference((p, se), from: $0) } ?? "-"
    if tangSGD == nil { tangSGD = (p, se) }
    tangTable.add([name, Fmt.g(eta, 4), "\(tangSteps)", t.map { Fmt.g($0, 4) } ?? "-", Fmt.pm(p, se, 3), gibbsText, verdict, versus])
}
tangTable.notes = [
    "Per coordinate f(u) = (u⁴ - 16u² + 5u)/2 has its global minimum at u = \(Fmt.g(crit.globalMinimum, 5)) (f = \(Fmt.g(0.5 * (pow(crit.globalMinimum, 4) - 16 * pow(crit.globalMinimum, 2) + 5 * crit.globalMinimum), 4))) and a shallower one at \(Fmt.g(crit.localMinimum, 5)) (f = \(Fmt.g(0.5 * (pow(crit.localMinimum, 4) - 16 * pow(crit.localMinimum, 2) + 5 * crit.localMinimum), 4))), with curvatures \(Fmt.g(0.5 * (12 * crit.globalMinimum * crit.globalMinimum - 32), 3)) and \(Fmt.g(0.5 * (12 * crit.localMinimum * crit.localMinimum - 32), 3)): here the deeper minimum is also the sharper one, so depth, not flatness, decides. Global basin: both coordinates below the maximum u = \(Fmt.g(crit.maximum, 4)). Law: Gibbs, separable, so the product of the 1-D weights. Rates scaled from the 1-D table by lr_SGD = \(tangLR.compact). At T = \(tangT.compact) the exact MFPT from the shallow to the deep minimum is \(Fmt.g(tangRelaxation, 4)) steps per coordinate (`escapelab theory`), so \(tangSteps) steps are \(Fmt.g(Double(tangSteps) / tangRelaxation, 2)) relaxation times: what is left of the start (both coordinates at the maximum) is below e^(-5) of it. Verdict: \(Verdict.rule(bias: occupationBias)) (binomial SE).",
]

try StudyOutput.finish("minima-selection", tables: [escapes, stationary, selection, tangTable], plots: [occupationPlot], options: options,
                       header: "# Minima selection: where each optimizer ends up, sharp or flat")
