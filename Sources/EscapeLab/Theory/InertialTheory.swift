import Foundation

// Which inertial law applies to a problem, decided once for TheoryEstimate:
// heavy ball (`sgd:momentum=beta`), 1-D Adai and frozen-v Adam, each in its
// heavy-ball form (HeavyBallForm). At a 1-D minimum the law is
// InertialEscape (kappa(X) tau_od / A(Delta)); at a saddle started on,
// InertialSaddle's AR law; without noise on the `saddle` landscape, the exact
// heavy-ball / EMA step count. A law outside its tested range is reported as
// nil with a note naming the failed test.

/// The inertial escape laws for one problem (see ``TheoryEstimate``).
public struct InertialTheory: Sendable {
    /// The minimum law, computed even outside its validity range (then `inertia_steps` is null).
    public let minimum: InertialEscape?
    /// The saddle law, likewise.
    public let saddle: InertialSaddle.Law?
    /// Exact noise-free steps on the `saddle` landscape.
    public let noiseFreeSteps: Int?
    /// The kinetic temperature eta_hb s^2 / (2 (1 - beta)), when the noise has a constant s^2.
    public let temperature: Double?
    public let notes: [String]

    init(_ p: Problem, passage: (x0: Double, c: Double, reflecting: Double?)?, noiseFreePath: (gamma: Double, r0: Double, R: Double)?) {
        let l = p.landscape, eta = p.learningRate
        var notes: [String] = []
        // Constant gradient-noise variance along x0 at the start (white, or SGD-like frozen in 1-D).
        var s2: Double?
        switch p.noise {
        case let .gaussian(s): s2 = s * s
        case let .sgd(b, false, h) where l.dimension == 1: s2 = CurvatureMagnitude.scalar(l.hessian(at: p.start)[0, 0], floor: h) / Double(b)
        default: s2 = nil
        }
        var adamV: Double?
        if case let .adam(c) = p.optimizer, let s2, let a = l.startMinimum, l.dimension == 1 {
            adamV = AdamSecondMoment.atMinimum(learningRate: eta, noiseVariance: s2, curvature: l.hessian(at: a)[0, 0], eps: c.eps)
        } else if case .adam = p.optimizer, let s2 {
            adamV = s2
        }
        let form: HeavyBallForm?
        var failure: TheoryError?
        switch HeavyBallForm.of(p.optimizer, learningRate: eta, dimension: l.dimension, adamSecondMoment: adamV) {
        case let .success(f): form = f
        case let .failure(why): form = nil; failure = why
        }
        if let form, let s2 { temperature = form.temperature(noiseVariance: s2) } else { temperature = nil }
        if let form { notes.append("inertial optimizer as \(form.summary): underdamped Langevin of mass lr_hb, friction 1 - β") }
        if let form, let adamV, let s2, l.startMinimum != nil {
            notes.append("Adam with v frozen at its fixed point v = s^2 + H_a lr s^2 / (2 (sqrt(v) + eps)) = \(InertialEscape.g(adamV)) (s^2 = \(InertialEscape.g(s2))): lr' = \(InertialEscape.g(form.emaLearningRate))")
        }

        // At a 1-D minimum.
        var minimum: InertialEscape?
        if let form, let s2, let path = passage, l.dimension == 1, l.startMinimum != nil, l.saddle != nil {
            do {
                let beta2: Double? = { if case let .adam(c) = p.optimizer { return c.beta2 }; return nil }()
                let law = try InertialEscape(on: l, from: path.x0, to: path.c, reflecting: path.reflecting, form: form,
                                             learningRate: eta, noiseVariance: s2, adamBeta2: beta2)
                minimum = law
                notes.append("inertia law (Mel'nikov-Meshkov): κ(X) τ_od / A(Δ), X = \(InertialEscape.g(law.frictionParameter)), Δ = \(InertialEscape.g(law.energyLoss)), A = \(InertialEscape.g(law.depopulationFactor)); bias bound \(InertialEscape.g(100 * law.biasBound))%")
                if !law.isValid { notes.append("inertia law outside its tested range: " + law.outsideValidity.joined(separator: "; ")) }
                if !law.frictionLawHolds {
                    notes.append("friction law alone: Δ = \(InertialEscape.g(law.energyLoss)) < 10, the Kramers turnover (energy diffusion): use the Mel'nikov-Meshkov value")
                }
            } catch {
                notes.append("inertia law: \(error)")
            }
        } else if form != nil, l.dimension == 1, l.startMinimum != nil, s2 == nil {
            notes.append("inertia law: needs Gaussian noise of constant variance (gaussian, or sgd with the Hessian frozen)")
        }
        self.minimum = minimum
        saddle = Self.saddleLaw(p)
        if let failure, saddle == nil { notes.append("no inertial law: \(failure)") }
        if let saddle {
            notes.append("saddle law: growth factor G = \(String(format: "%.6g", saddle.growth)) (1 + lr_hb γ / (1 - β) = \(String(format: "%.6g", 1 + saddle.form.learningRate * saddle.gamma / (1 - saddle.form.beta)))), V = \(InertialEscape.g(saddle.amplitudeVariance)), V1 = \(InertialEscape.g(saddle.stableVariance)); bias bound \(InertialEscape.g(100 * saddle.biasBound))%")
            if !saddle.isValid { notes.append("saddle law outside its tested range: " + saddle.outsideValidity.joined(separator: "; ")) }
            if case .adai = p.optimizer, l.dimension > 1 {
                notes.append("Adai's β per direction from v at its stationary value, the noise variance per axis; a run's v starts at 0, and over its first ~1 / (1 - β2) steps v_hat averages a few samples and each β is random, which the law leaves out")
            }
        }
        if let form, p.noise == .none, let path = noiseFreePath, !Self.isAdam(p.optimizer) {
            noiseFreeSteps = InertialSaddle.noiseFreeSteps(form, gamma: path.gamma, from: path.r0, to: path.R)
        } else {
            noiseFreeSteps = nil
        }
        self.notes = notes
    }

    static func isAdam(_ o: OptimizerSpec) -> Bool { if case .adam = o { return true }; return false }

    /// The AR law at an index-1 saddle the run starts on, for a radius criterion
    /// (stable directions count, R^2 -> R^2 - V1) or a criterion on the unstable
    /// coordinate of an axis-aligned saddle.
    static func saddleLaw(_ p: Problem) -> InertialSaddle.Law? {
        let l = p.landscape
        guard let s = l.saddle, zip(s, p.start).allSatisfy({ abs($0 - $1) <= 1e-12 }),
              let eig = try? symmetricEigen(l.hessian(at: s)), Kramers.isIndexOneSaddle(eig.values) else { return nil }
        let d = l.dimension
        let R: Double, radial: Bool
        switch p.escape {
        case let .radius(r): R = r; radial = true
        case let .coordinateAtLeast(0, c) where c > s[0] && abs(eig.vectors[0, 0]) == 1: R = c - s[0]; radial = false
        case let .coordinateAtMost(0, c) where c < s[0] && abs(eig.vectors[0, 0]) == 1: R = s[0] - c; radial = false
        case let .magnitudeAtLeast(0, c) where s[0] == 0 && c > 0 && abs(eig.vectors[0, 0]) == 1: R = c; radial = false
        default: return nil
        }
        // Noise variance along eigenvector i.
        func variance(_ i: Int) -> Double? {
            let e = (0..<d).map { eig.vectors[$0, i] }
            switch p.noise {
            case let .gaussian(sigma): return sigma * sigma
            case let .sgd(b, _, h): return CurvatureMagnitude.scalar(eig.values[i], floor: h) / Double(b)
            case let .covariance(m):
                var v = 0.0
                for a in 0..<d { for c in 0..<d { v += e[a] * m[a, c] * e[c] } }
                return v
            default: return nil
            }
        }
        // Per-coordinate v (Adam's, d-D Adai's): the eigenvectors must be the axes.
        let axisAligned = d == 1 || (0..<d).allSatisfy { i in abs(abs(eig.vectors[i, i]) - 1) < 1e-12 }
        var adam: AdamConfig?
        if case let .adam(c) = p.optimizer {
            guard axisAligned else { return nil }
            adam = c
        }
        // d-D Adai with v at its stationary value, the noise variance per axis: EMA momentum per
        // direction with beta_i = clamp(1 - beta0 s_i^2 / mean_j s_j^2, 0, 1 - eps) (HeavyBallForm.adai).
        var adaiMean: Double?
        if case .adai = p.optimizer, d > 1 {
            guard axisAligned else { return nil }
            var sum = 0.0
            for i in 0..<d {
                guard let v = variance(i) else { return nil }
                sum += v
            }
            guard sum > 0 else { return nil }
            adaiMean = sum / Double(d)
        }
        func form(_ i: Int, _ v: Double) -> HeavyBallForm? {
            try? HeavyBallForm.of(p.optimizer, learningRate: p.learningRate, dimension: d, adamSecondMoment: v,
                                  adaiVarianceRatio: adaiMean.map { v / $0 }).get()
        }
        guard let s0 = variance(0), s0 > 0, let f0 = form(0, s0) else { return nil }
        var stable: [(lambda: Double, form: HeavyBallForm, noiseVariance: Double)] = []
        if radial {
            for i in 1..<d {
                guard let si = variance(i), let fi = form(i, si) else { return nil }
                stable.append((eig.values[i], fi, si))
            }
        }
        return InertialSaddle.Law(f0, gamma: -eig.values[0], noiseVariance: s0, radius: R, stable: stable,
                                  adamGradientCheck: adam != nil || adaiMean != nil)
    }

    /// JSON entries (null where a law does not apply or is outside its tested range).
    var json: [(String, JSONValue)] {
        let m = minimum.flatMap { $0.isValid ? $0 : nil }
        return [
            ("inertia_steps", .number(m?.steps)),
            ("inertia_time", .number(m?.time)),
            ("inertia_law", m.map { .string("Mel'nikov-Meshkov: κ(X) τ_od / A(Δ), \($0.form.summary)") } ?? .null),
            ("inertia_friction_steps", .number(m.flatMap { $0.frictionLawHolds ? $0.frictionSteps : nil })),
            ("inertia_overdamped_steps", .number(m?.overdampedSteps)),
            ("inertia_bias_bound", .number(m?.biasBound)),
            ("friction_parameter", .number(minimum?.frictionParameter)),
            ("friction_factor", .number(minimum?.frictionFactor)),
            ("energy_loss", .number(minimum?.energyLoss)),
            ("depopulation_factor", .number(minimum?.depopulationFactor)),
            ("saddle_growth_factor", .number(saddle?.growth)),
        ]
    }

    /// The same keys, all null (plain SGD and optimizers without an inertial law).
    static var nullJSON: [(String, JSONValue)] {
        ["inertia_steps", "inertia_time", "inertia_law", "inertia_friction_steps", "inertia_overdamped_steps", "inertia_bias_bound",
         "friction_parameter", "friction_factor", "energy_loss", "depopulation_factor", "saddle_growth_factor"].map { ($0, .null) }
    }

    /// Table rows: name, continuous time, steps.
    func rows(learningRate eta: Double) -> [(law: String, time: Double?, steps: Double?)] {
        let m = minimum.flatMap { $0.isValid ? $0 : nil }
        let kh = m.flatMap { $0.frictionLawHolds ? $0.frictionSteps : nil }
        return [
            ("inertia law κ(X) τ_od / A(Δ) (Mel'nikov-Meshkov)", m?.time, m?.steps),
            ("friction law κ(X) τ_od (Kramers-Hänggi, Δ >= 10)", kh.map { $0 * eta }, kh),
            ("overdamped limit ((1-β)/lr_hb) MFPT(L, T)", m.map { $0.overdampedSteps * eta }, m?.overdampedSteps),
        ]
    }
}
