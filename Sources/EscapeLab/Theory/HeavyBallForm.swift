import Foundation

// One reduction covers every inertial optimizer here. Heavy ball (PyTorch,
// dampening 0) at lr eta,
//     b_1 = g_1,  b_n = beta b_{n-1} + g_n,  theta -= eta b_n,
// reads (x_{n+1} - 2 x_n + x_{n-1}) + (1 - beta)(x_n - x_{n-1}) = -eta g_n, and
// with t = n eta it is the underdamped Langevin equation
//     eta x'' + (1 - beta) x' = -L'(x) - xi(t),   <xi(t) xi(t')> = eta s^2 delta(t - t'):
// mass eta, friction coefficient 1 - beta, temperature T = eta s^2 / (2 (1 - beta)).
// EMA momentum m_n = beta m_{n-1} + (1 - beta) g_n, theta -= eta m_n / (1 - beta^n)
// is heavy ball at lr eta (1 - beta) (b = m / (1 - beta)); the bias
// correction only changes its first ~3 / (1 - beta) steps. Adai in 1-D is EMA
// momentum with beta = 1 - beta0 (v_hat / vbar = 1), and Adam with its second
// moment frozen at v is EMA momentum at lr eta / (sqrt(v) + eps).
// (Kramers 1940; the heavy-ball reading: Studies/inertia-laws.md.)

/// An inertial optimizer written as heavy ball: the pair (eta_hb, beta) and
/// how its first step is taken.
///
/// ```
/// heavy ball (lr eta, momentum beta):   eta_hb = eta
/// EMA momentum, 1-D Adai (lr eta):      eta_hb = eta (1 - beta)
/// Adam, v frozen (lr eta, beta1, eps):  eta_hb = eta (1 - beta1) / (sqrt(v) + eps)
/// ```
public struct HeavyBallForm: Sendable, Equatable {
    /// How the first steps are taken.
    public enum Start: Sendable, Equatable {
        /// b_1 = g_1 (PyTorch's heavy ball).
        case heavyBall
        /// m_1 = (1 - beta) g_1 and the step divided by 1 - beta^n (EMA momentum, Adai, Adam).
        case biasCorrected
    }

    /// eta_hb, the heavy-ball learning rate.
    public let learningRate: Double
    /// The momentum beta (beta1 for Adam, 1 - beta0 for 1-D Adai).
    public let beta: Double
    public let start: Start

    public init(learningRate: Double, beta: Double, start: Start) {
        precondition(learningRate > 0 && beta >= 0 && beta < 1, "need eta_hb > 0 and 0 <= beta < 1")
        self.learningRate = learningRate
        self.beta = beta
        self.start = start
    }

    /// Heavy ball `sgd:momentum=beta` at lr eta.
    public static func heavyBall(learningRate eta: Double, momentum beta: Double) -> HeavyBallForm {
        HeavyBallForm(learningRate: eta, beta: beta, start: .heavyBall)
    }

    /// Bias-corrected EMA momentum at lr eta: heavy ball at eta (1 - beta).
    public static func ema(learningRate eta: Double, beta: Double) -> HeavyBallForm {
        HeavyBallForm(learningRate: eta * (1 - beta), beta: beta, start: .biasCorrected)
    }

    /// Adam with its second moment frozen at v: EMA momentum at eta / (sqrt(v) + eps).
    public static func adam(learningRate eta: Double, beta1: Double, eps: Double, secondMoment v: Double) -> HeavyBallForm {
        ema(learningRate: eta / (v.squareRoot() + eps), beta: beta1)
    }

    /// Adai with its second moment at a stationary value: EMA momentum at eta with
    /// ```
    /// beta = clamp(1 - beta0 v_hat / vbar, 0, 1 - eps)
    /// ```
    /// for the ratio v_hat / vbar of this coordinate's v to the mean over coordinates
    /// (1 in 1-D).
    public static func adai(learningRate eta: Double, beta0: Double, eps: Double, varianceRatio: Double) -> HeavyBallForm {
        ema(learningRate: eta, beta: min(max(1 - beta0 * varianceRatio, 0), 1 - eps))
    }

    /// The EMA form's own learning rate eta' = eta_hb / (1 - beta) (for Adam, eta / (sqrt(v) + eps)).
    public var emaLearningRate: Double { learningRate / (1 - beta) }

    /// Kinetic temperature for gradient noise of variance s^2 (exact in a harmonic well:
    /// eta <v_c^2> = T for the central velocity v_c = (x_{n+1} - x_{n-1}) / (2 eta_hb)):
    /// ```
    /// T = eta_hb s^2 / (2 (1 - beta))
    /// ```
    public func temperature(noiseVariance s2: Double) -> Double { learningRate * s2 / (2 * (1 - beta)) }

    /// The one friction parameter of the underdamped equation, (omega_b / gamma)^2:
    /// ```
    /// X = eta_hb |H_b| / (1 - beta)^2
    /// ```
    public func frictionParameter(curvature h: Double) -> Double { learningRate * abs(h) / ((1 - beta) * (1 - beta)) }

    /// Optimizer steps per unit of overdamped time: an overdamped passage time
    /// tau_od (dX = -L' dt + sqrt(2T) dW) takes tau_od (1 - beta) / eta_hb steps.
    public var stepsPerOverdampedTime: Double { (1 - beta) / learningRate }

    /// "heavy ball, lr 0.01, β 0.9" or "EMA momentum, lr_hb 0.001, β 0.9".
    public var summary: String {
        switch start {
        case .heavyBall: return "heavy ball, lr \(learningRate.compact), β \(beta.compact)"
        case .biasCorrected: return "EMA momentum, lr \(emaLearningRate.compact) (heavy ball at \(learningRate.compact)), β \(beta.compact)"
        }
    }
}

extension HeavyBallForm {
    /// The heavy-ball form of `optimizer`, or why it has none: heavy ball
    /// (`sgd` with momentum, dampening 0, no Nesterov, no weight decay),
    /// Adai in 1-D, or in d-D along one axis given its `adaiVarianceRatio`
    /// v_hat / vbar, or Adam / AdamW without weight decay or AMSGrad (then
    /// `adamSecondMoment` is the frozen v, or nil when it is unknown).
    public static func of(_ optimizer: OptimizerSpec, learningRate eta: Double, dimension: Int,
                          adamSecondMoment v: Double?, adaiVarianceRatio ratio: Double? = nil) -> Result<HeavyBallForm, TheoryError> {
        switch optimizer {
        case let .sgd(c) where c.momentum > 0 && c.dampening == 0 && !c.nesterov && c.weightDecay == 0:
            return .success(.heavyBall(learningRate: eta, momentum: c.momentum))
        case .sgd:
            return .failure(.invalid("the inertial laws take heavy ball with dampening 0, no Nesterov and no weight decay"))
        case let .adai(c) where (dimension == 1 || ratio != nil) && c.weightDecay == 0:
            return .success(.adai(learningRate: eta, beta0: c.beta0, eps: c.eps, varianceRatio: dimension == 1 ? 1 : ratio!))
        case .adai:
            return .failure(.invalid("Adai is EMA momentum with beta1 = 1 - beta0 in 1-D (v_hat / vbar = 1); in \(dimension)-D its beta1 follows v_hat per coordinate, and a law needs each axis's v_hat / vbar (an axis-aligned saddle) and no weight decay"))
        case let .adam(c) where c.weightDecay == 0 && c.amsgrad == .off:
            guard let v, v > 0 else { return .failure(.invalid("Adam's frozen second moment v is unknown here")) }
            return .success(.adam(learningRate: eta, beta1: c.beta1, eps: c.eps, secondMoment: v))
        case .adam:
            return .failure(.invalid("the frozen-v Adam law takes no weight decay and no AMSGrad"))
        case .rmsprop, .adagrad:
            return .failure(.invalid("\(optimizer.spec) has no inertial law here"))
        }
    }
}
