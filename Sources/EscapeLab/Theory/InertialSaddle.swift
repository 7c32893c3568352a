import Foundation

// Inertial escape from a quadratic saddle along its unstable direction
// (Studies/inertia-laws.md section 3). With g = -gamma x + xi, Var xi = s^2, heavy ball is the
// AR(2) recursion
//     x_n = (1 + beta + eta gamma) x_{n-1} - beta x_{n-2} - eta xi_n,   x_{-1} = x_0,
// whose growth factor G and second root r solve mu^2 - (1 + beta + eta gamma) mu + beta = 0.
// From (G - 1)(G - beta) = eta gamma G:  1 + eta gamma < G < 1 + eta gamma / (1 - beta);
// ln G ~ eta gamma / (1 - beta) for eta gamma << (1 - beta)^2, ~ sqrt(eta gamma) beyond.
// Noise-free from x_0 = r0: x_n = A G^n + C r^n, A = r0 (1 + eta gamma - r) / (G - r), C = r0 - A.
// With noise from the saddle, x_n ~ G^n Z with
//     Var Z = V = eta^2 s^2 G^2 / ((G - r)^2 (G^2 - 1)),
// and the first n with |x_n| >= R has, with E ln Z^2 = ln V - gamma_E - ln 2
// and a mean overshoot of 1/2,
//     E[n] ~ [ln(R^2 / V) + gamma_E + ln 2] / (2 ln G) + 1/2.
// EMA momentum (1-D Adai, frozen-v Adam) has the heavy-ball G at eta_hb, but its
// bias correction amplifies the earliest noise: V then comes from the exact
// covariance recursion of the state (x, m). Stable directions (curvature
// lambda > 0) fluctuate with stationary variance V1, and a radius criterion
// needs x_0^2 >= R^2 - x_1^2: R^2 -> R^2 - V1 to first order.

/// Escape laws of heavy-ball and EMA momentum from a quadratic saddle.
public enum InertialSaddle {
    /// The larger and smaller roots G > r of
    /// ```
    /// mu^2 - (1 + beta + eta_hb gamma) mu + beta = 0
    /// ```
    /// (G = 1 + eta gamma, r = 0 without momentum).
    public static func growthFactor(_ form: HeavyBallForm, gamma: Double) -> (G: Double, r: Double) {
        let a1 = 1 + form.beta + form.learningRate * gamma
        let g = (a1 + (a1 * a1 - 4 * form.beta).squareRoot()) / 2
        return (g, form.beta / g)
    }

    /// The exact noise-free number of steps from r0 to R > r0 along the unstable
    /// direction. Heavy ball, in closed form:
    /// ```
    /// n = min{ n : A G^n + C r^n >= R },   A = r0 (1 + eta gamma - r) / (G - r),   C = r0 - A
    /// ```
    /// Bias-corrected EMA momentum: the recursion itself (m = beta m + (1 - beta) g,
    /// P *= beta, x -= eta' m / (1 - P)), in the optimizer's arithmetic.
    public static func noiseFreeSteps(_ form: HeavyBallForm, gamma: Double, from r0: Double, to R: Double) -> Int {
        precondition(gamma > 0 && r0 > 0 && R > 0, "gamma, r0 and R must be > 0")
        if r0 >= R { return 0 }
        switch form.start {
        case .heavyBall:
            let (G, r) = growthFactor(form, gamma: gamma)
            let a = r0 * (1 + form.learningRate * gamma - r) / (G - r), c = r0 - a
            var n = max(0, Int((log(R / a) / log(G)).rounded(.down)) - 5)
            while a * pow(G, Double(n)) + c * pow(r, Double(n)) < R { n += 1 }
            return n
        case .biasCorrected:
            let beta = form.beta, eta = form.emaLearningRate
            var x = r0, m = 0.0, p = 1.0, n = 0
            while x < R {
                n += 1
                let g = -gamma * x
                m = (beta * m).addingProduct(1 - beta, g)
                p *= beta
                if p < 1e-300 { p = 0 }
                x = x - eta * m / (1 - p)
            }
            return n
        }
    }

    /// V = Var Z, x_n ~ G^n Z, started at the saddle with gradient noise of variance s^2.
    /// Heavy ball:
    /// ```
    /// V = eta_hb^2 s^2 G^2 / ((G - r)^2 (G^2 - 1))
    /// ```
    /// EMA momentum: V = lim P_n[0,0] / G^(2n) of the exact covariance recursion
    /// ```
    /// c_n = eta' / (1 - beta^n),  M_n = [[1 + c_n (1 - beta) gamma, -c_n beta], [-(1 - beta) gamma, beta]],
    /// w_n = (-c_n (1 - beta), 1 - beta),  P_n = M_n P_{n-1} M_n^T + s^2 w_n w_n^T
    /// ```
    /// run for 60 / ln G + 200 steps.
    public static func amplitudeVariance(_ form: HeavyBallForm, gamma: Double, noiseVariance s2: Double) -> Double {
        let (G, r) = growthFactor(form, gamma: gamma)
        switch form.start {
        case .heavyBall:
            let eta = form.learningRate
            return eta * eta * s2 * G * G / ((G - r) * (G - r) * (G * G - 1))
        case .biasCorrected:
            let steps = Int(min(4e6, 60 / log(G) + 200))
            var p = (xx: 0.0, xm: 0.0, mm: 0.0)
            var power = 1.0, scale = 0.0   // beta^n; ln G^(2n) accumulated
            for _ in 1...steps {
                power *= form.beta
                // P <- M P M^T + s^2 w w^T, divided by G^2 each step to stay in range.
                let q = propagate(p, coefficients(form, gamma: gamma, power: power), noise: s2 * exp(-scale))
                let g2 = G * G
                p = (q.xx / g2, q.xm / g2, q.mm / g2)
                scale += 2 * log(G)
            }
            return p.xx
        }
    }

    /// Var x_n for n = 1...count along one direction of curvature -gamma (gamma > 0 unstable,
    /// < 0 stable), started at x_0 = 0 with no momentum, gradient noise of variance s^2:
    /// the exact covariance recursion of the state,
    /// ```
    /// P_n = M_n P_{n-1} M_n^T + s^2 w_n w_n^T,   Var x_n = P_n[0,0]
    /// heavy ball (b = beta b + g, x -= eta b):     M = [[1 + eta gamma, -eta beta], [-gamma, beta]],  w = (-eta, 1)
    /// EMA momentum (c_n = eta' / (1 - beta^n)):  M_n, w_n as in amplitudeVariance
    /// ```
    /// Unscaled (not divided by G^(2n)): for the exact Gaussian law of a linear
    /// inertial optimizer (x_n is a centred Gaussian at every step).
    public static func positionVariances(_ form: HeavyBallForm, gamma: Double, noiseVariance s2: Double, count: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(count)
        var p = (xx: 0.0, xm: 0.0, mm: 0.0)
        var power = 1.0
        for _ in 0..<count {
            if form.start == .biasCorrected { power *= form.beta }
            p = propagate(p, coefficients(form, gamma: gamma, power: power), noise: s2)
            out.append(p.xx)
        }
        return out
    }

    /// The state (x, m) maps as (x, m) <- M (x, m) + w xi at one step of the recursion: heavy ball
    /// M = [[1 + eta gamma, -eta beta], [-gamma, beta]], w = (-eta, 1); bias-corrected EMA momentum at
    /// step n (power = beta^n, c_n = eta' / (1 - beta^n)) M_n = [[1 + c_n (1 - beta) gamma, -c_n beta],
    /// [-(1 - beta) gamma, beta]], w_n = (-c_n (1 - beta), 1 - beta).
    static func coefficients(_ form: HeavyBallForm, gamma: Double, power: Double)
        -> (m00: Double, m01: Double, m10: Double, m11: Double, w0: Double, w1: Double) {
        let beta = form.beta
        switch form.start {
        case .heavyBall:
            let eta = form.learningRate
            return (1 + eta * gamma, -eta * beta, -gamma, beta, -eta, 1)
        case .biasCorrected:
            let c = form.emaLearningRate / (1 - power)
            return (1 + c * (1 - beta) * gamma, -c * beta, -(1 - beta) * gamma, beta, -c * (1 - beta), 1 - beta)
        }
    }

    /// P <- M P M^T + noise w w^T for the symmetric 2x2 covariance P of (x, m).
    static func propagate(_ p: (xx: Double, xm: Double, mm: Double),
                          _ k: (m00: Double, m01: Double, m10: Double, m11: Double, w0: Double, w1: Double),
                          noise: Double) -> (xx: Double, xm: Double, mm: Double) {
        let a00 = k.m00 * p.xx + k.m01 * p.xm, a01 = k.m00 * p.xm + k.m01 * p.mm
        let a10 = k.m10 * p.xx + k.m11 * p.xm, a11 = k.m10 * p.xm + k.m11 * p.mm
        return (a00 * k.m00 + a01 * k.m01 + noise * k.w0 * k.w0,
                a00 * k.m10 + a01 * k.m11 + noise * k.w0 * k.w1,
                a10 * k.m10 + a11 * k.m11 + noise * k.w1 * k.w1)
    }

    /// Stationary variance of a stable direction of curvature lambda > 0 with
    /// gradient noise of variance s^2 (exact for the AR(2) recursion; SGD: beta = 0;
    /// EMA momentum: at eta_hb, its bias correction long forgotten):
    /// ```
    /// V1 = eta_hb s^2 (1 + beta) / (lambda (1 - beta) (2 (1 + beta) - eta_hb lambda))
    /// ```
    public static func stableVariance(_ form: HeavyBallForm, curvature lambda: Double, noiseVariance s2: Double) -> Double {
        let eta = form.learningRate, beta = form.beta
        return eta * s2 * (1 + beta) / (lambda * (1 - beta) * (2 * (1 + beta) - eta * lambda))
    }

    /// The asymptotic AR law for the mean escape step to radius R:
    /// ```
    /// E[n] ~ [ln((R^2 - V1) / V) + gamma_E + ln 2] / (2 ln G) + 1/2
    /// ```
    public static func steps(growth G: Double, amplitudeVariance V: Double, radius R: Double, stableVariance V1: Double = 0) -> Double {
        (log((R * R - V1) / V) + SaddleEscape.eulerGamma + log(2.0)) / (2 * log(G)) + 0.5
    }

    /// The law for one problem, with its validity tests and bias bound.
    public struct Law: Sendable {
        public let form: HeavyBallForm
        public let gamma: Double
        public let radius: Double
        /// Noise variance along the unstable direction.
        public let noiseVariance: Double
        public let growth: Double
        public let amplitudeVariance: Double
        /// Sum of the stable directions' stationary variances.
        public let stableVariance: Double
        /// E[n], the asymptotic AR law (``InertialSaddle/steps(growth:amplitudeVariance:radius:stableVariance:)``).
        public let steps: Double
        public let outsideValidity: [String]
        /// 0.03 (Studies/inertia-laws.md: |sim/law - 1| <= 3% in every run inside the validity range), plus the
        /// uncertainty of R^2 - x_1^2 at the exit when stable directions count:
        /// ```
        /// V1 / (R^2 - V1) / (ln((R^2 - V1) / V) + gamma_E + ln 2)
        /// ```
        public let biasBound: Double
        public let biasReason: String
        public var isValid: Bool { outsideValidity.isEmpty }

        /// - Parameters:
        ///   - form: the optimizer as heavy ball along the unstable direction.
        ///   - gamma: the magnitude of the negative curvature.
        ///   - s2: the noise variance along the unstable direction.
        ///   - R: the escape distance from the saddle.
        ///   - stable: (curvature lambda, form, noise variance) of each stable direction
        ///     a radius criterion sees; empty for a criterion on the unstable coordinate.
        ///   - adamGradientCheck: for frozen-v Adam and d-D Adai, check gamma^2 R^2 / s^2 <= 0.4
        ///     (the gradient's share of v at the exit).
        public init(_ form: HeavyBallForm, gamma: Double, noiseVariance s2: Double, radius R: Double,
                    stable: [(lambda: Double, form: HeavyBallForm, noiseVariance: Double)] = [], adamGradientCheck: Bool = false) {
            self.form = form
            self.gamma = gamma
            radius = R
            noiseVariance = s2
            growth = growthFactor(form, gamma: gamma).G
            amplitudeVariance = InertialSaddle.amplitudeVariance(form, gamma: gamma, noiseVariance: s2)
            stableVariance = stable.reduce(0) { $0 + InertialSaddle.stableVariance($1.form, curvature: $1.lambda, noiseVariance: $1.noiseVariance) }
            steps = InertialSaddle.steps(growth: growth, amplitudeVariance: amplitudeVariance, radius: R, stableVariance: stableVariance)
            var out: [String] = []
            let r2 = R * R
            if amplitudeVariance > 0.1 * r2 { out.append("V = \(InertialEscape.g(amplitudeVariance / r2)) R^2 > 0.1 R^2 (the asymptotic law needs R^2 >> V)") }
            if stableVariance > 0.1 * r2 { out.append("V1 = \(InertialEscape.g(stableVariance / r2)) R^2 > 0.1 R^2") }
            if adamGradientCheck, gamma * gamma * r2 / s2 > 0.4 * (1 + 1e-12) { out.append("γ^2 R^2 / s^2 = \(InertialEscape.g(gamma * gamma * r2 / s2)) > 0.4: v adapts on the way out") }
            outsideValidity = out
            let radial = stableVariance / (r2 - stableVariance)
                / (log((r2 - stableVariance) / amplitudeVariance) + SaddleEscape.eulerGamma + log(2.0))
            biasBound = 0.03 + max(radial, 0)
            biasReason = "0.03 (Studies/inertia-laws.md: every run inside the validity range within 3%)"
                + (stableVariance > 0 ? " + \(InertialEscape.g(radial)) (x_1^2 at the exit uncertain by ±V1 = \(InertialEscape.g(stableVariance)))" : "")
        }

        /// The exact 1-D SGD passage time at the equivalent learning rate eta' = eta_hb / (1 - beta)
        /// (diffusion D = eta' s^2 / 2, ``SaddleEscape/exactTime(gamma:diffusion:radius:)``),
        /// times this law over the SGD law at eta': the inertial factor carried by
        /// the asymptotic laws, the finite-R^2 correction by the exact quadrature.
        /// For V > 0.1 R^2, where the asymptotic law alone fails. In steps.
        public func exactCorrectedSteps() throws -> (steps: Double, inertialFactor: Double) {
            let eta = form.emaLearningRate
            let sgd = HeavyBallForm.heavyBall(learningRate: eta, momentum: 0)
            let sgdLaw = Law(sgd, gamma: gamma, noiseVariance: noiseVariance, radius: radius)
            let factor = steps / sgdLaw.steps
            let exact = try SaddleEscape.exactTime(gamma: gamma, diffusion: eta * noiseVariance / 2, radius: radius)
            return (exact.steps(learningRate: eta) * factor, factor)
        }
    }
}
