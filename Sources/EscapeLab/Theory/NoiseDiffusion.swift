// The diffusion coefficient of plain SGD's noise in 1-D, the D(x) the exact
// mean first-passage time integrates (Theory article, § State-dependent
// noise). The engine's step x' = x - eta (U'(x) + xi) with Var(xi | x) = v(x)
// is the Euler-Maruyama step of dX = -U'(X) dt + sqrt(2 D(X)) dW with
// t = steps x eta and D(x) = eta v(x) / 2 (Ito: the noise is drawn at the
// current point). Each noise model's v(x):
//
//   gaussian:sigma=s                     v = s^2                                   (constant)
//   sgd:batch=B,floor=h                  v = m_h(U''(x_start)) / B                  (constant)
//   sgd:batch=B,hessian=local,floor=h    v = m_h(U''(x)) / B
//   loss-scaled:batch=B,floor=h          v = 2 max(U(x), 0) m_h(U''(x_start)) / B
//   loss-scaled:...,hessian=local        v = 2 max(U(x), 0) m_h(U''(x)) / B
//   minibatch:batch=B                    v = C(x) (N - B) / (B (N - 1))            (C: per-sample gradient variance)
//   minibatch:batch=B,replacement=true   v = C(x) / B
//
// with m_h(lambda) = sqrt(lambda^2 + h^2) (``CurvatureMagnitude``). The
// minibatch line is exact for the covariance: the mean of B of N per-sample
// gradients has exactly that variance; the diffusion limit then replaces the
// (non-Gaussian) minibatch noise by a Gaussian of the same variance, which
// is what makes the quadrature exact only as eta -> 0 (as for every model).

/// D(x) = eta v(x) / 2 of plain SGD's gradient noise on a 1-D landscape, v(x)
/// the noise variance at x (see the table in the source).
public struct NoiseDiffusion: Sendable {
    /// The formula, e.g. `D(x) = lr sqrt(U''(x)^2 + h^2) / (2B)`.
    public let formula: String
    /// D when it does not depend on x (the temperature T), else nil.
    public let constant: Double?
    /// D(x).
    public let at: @Sendable (Double) -> Double

    /// The diffusion of `p`'s noise, or nil when the noise has no 1-D
    /// diffusion limit here (heavy tails, or a landscape that is not 1-D;
    /// white noise has its constant D = T I in any dimension).
    public init?(_ p: Problem) {
        let l = p.landscape, eta = p.learningRate
        if case let .gaussian(s) = p.noise {
            let t = eta * s * s / 2
            self.init(formula: "D = lr sigma^2 / 2", constant: t, at: { _ in t })
            return
        }
        guard l.dimension == 1 else { return nil }
        @Sendable func curvature(_ x: Double, _ h: Double) -> Double { CurvatureMagnitude.scalar(l.hessian(at: [x])[0, 0], floor: h) }
        func magnitude(_ at: String, _ h: Double) -> String { h == 0 ? "|U''(\(at))|" : "sqrt(U''(\(at))^2 + \(h.compact)^2)" }
        switch p.noise {
        case let .sgd(b, false, h):
            let t = eta * curvature(p.start[0], h) / (2 * Double(b))
            self.init(formula: "D = lr \(magnitude("x_start", h)) / (2B)", constant: t, at: { _ in t })
        case let .sgd(b, true, h):
            self.init(formula: "D(x) = lr \(magnitude("x", h)) / (2B)", constant: nil,
                      at: { eta * curvature($0, h) / (2 * Double(b)) })
        case let .lossScaled(b, local, h):
            let frozen = curvature(p.start[0], h)
            self.init(formula: "D(x) = lr max(U(x), 0) \(magnitude(local ? "x" : "x_start", h)) / B", constant: nil,
                      at: { eta * max(l.loss(at: [$0]), 0) * (local ? curvature($0, h) : frozen) / Double(b) })
        case let .minibatch(b, replacement) where l.sampleCount > 0:
            let f = MinibatchSampling.covarianceFactor(samples: l.sampleCount, batch: b, replacement: replacement)
            let formula = replacement ? "D(x) = lr C(x) / (2B)" : "D(x) = lr C(x) (N - B) / (2B (N - 1))"
            if let well = l as? SampledWell {
                // C(x) in closed form (the same as the two-pass sum to rounding).
                self.init(formula: formula, constant: nil, at: { eta * f * well.gradientVariance(at: $0) / 2 })
            } else {
                self.init(formula: formula, constant: nil, at: { eta * f * l.sampleGradientCovariance(at: [$0])[0, 0] / 2 })
            }
        default:
            return nil
        }
    }

    init(formula: String, constant: Double?, at: @escaping @Sendable (Double) -> Double) {
        self.formula = formula
        self.constant = constant
        self.at = at
    }
}
