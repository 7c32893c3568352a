/// Hyperparameters of ``Adam`` and AdamW (PyTorch names).
public struct AdamConfig: Equatable, Sendable {
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var eps = 1e-8
    public var weightDecay = 0.0
    public var amsgrad = AMSGrad.off
    /// AdamW: weight decay applied to the parameters, not added to the gradient.
    public var decoupled = false
    public init(beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: AMSGrad = .off, decoupled: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupled = decoupled
    }

    /// Which maximum AMSGrad keeps.
    public enum AMSGrad: String, Sendable, CaseIterable {
        /// Plain Adam.
        case off = "false"
        /// `torch.optim.Adam(amsgrad=True)`: the running max of v, divided by
        /// the current bias correction 1 - beta2^t.
        case on = "true"
        /// The running max of v_hat = v / (1 - beta2^t) (PyTorch's documented
        /// pseudo-code, Reddi et al. with bias correction).
        case vHat = "vhat"
    }

    var amsgradText: String {
        get { amsgrad.rawValue }
        set { amsgrad = AMSGrad(rawValue: newValue) ?? .off }
    }

    /// The declarations of `adam` (weight decay default 0) or `adamw` (0.01).
    static func parameters(decoupled: Bool) -> [ParameterInfo<AdamConfig>] {
        let beta: NumericRange = .closedOpen(0, 1)
        return [
            SpecParameter("beta1", \AdamConfig.beta1, default: 0.9, beta, "first-moment decay").info,
            SpecParameter("beta2", \AdamConfig.beta2, default: 0.999, beta, "second-moment decay").info,
            SpecParameter("eps", \AdamConfig.eps, default: 1e-8, .positive, "added to sqrt(v_hat)").info,
            SpecParameter("weight-decay", \AdamConfig.weightDecay, default: decoupled ? 0.01 : 0, .nonNegative,
                          decoupled ? "decoupled decay: theta *= 1 - lr wd" : "L2 penalty added to the gradient").info,
            SpecParameter("amsgrad", \AdamConfig.amsgradText, default: "false", AMSGrad.allCases.map(\.rawValue),
                          "true: max of v as torch.optim.Adam; vhat: max of v_hat").info,
        ]
    }
}

/// Adam (`torch.optim.Adam`) and, with `decoupled`, AdamW (`torch.optim.AdamW`):
/// ```
/// AdamW: theta <- theta (1 - lr wd)        Adam: g <- g + wd theta
/// m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2
/// m_hat = m / (1 - beta1^t);     v_hat = v / (1 - beta2^t)
/// amsgrad=true:  v_max <- max(v_max, v);          v_hat = v_max / (1 - beta2^t)
/// amsgrad=vhat:  v_max <- max(v_max, v_hat);      v_hat = v_max
/// theta <- theta - lr m_hat / (sqrt(v_hat) + eps)
/// ```
/// `amsgrad=true` is what `torch.optim.Adam(amsgrad=True)` computes (its code
/// keeps the maximum of the raw v and divides by the current bias correction);
/// `amsgrad=vhat` is the maximum of the bias-corrected v_hat of PyTorch's
/// documented pseudo-code. The two differ while 1 - beta2^t is far from 1.
public struct Adam<Vector: PointVector>: Optimizer {
    public let lr: Double
    public let config: AdamConfig

    public struct State {
        public var m: Vector
        public var v: Vector
        /// AMSGrad's running maximum (of v, or of v_hat).
        public var vMax: Vector
        /// beta1^t and beta2^t, flushed to 0 once below 1e-300.
        public var beta1Power: Double
        public var beta2Power: Double
        @inlinable public init(m: Vector, v: Vector, vMax: Vector, beta1Power: Double, beta2Power: Double) {
            self.m = m
            self.v = v
            self.vMax = vMax
            self.beta1Power = beta1Power
            self.beta2Power = beta2Power
        }
    }

    public init(lr: Double, _ config: AdamConfig = AdamConfig()) {
        self.lr = lr
        self.config = config
    }

    @inlinable
    public func initialState(dimension: Int) -> State {
        State(m: Vector(zeros: dimension), v: Vector(zeros: dimension), vMax: Vector(zeros: dimension),
              beta1Power: 1, beta2Power: 1)
    }

    @inlinable @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        let wd = config.weightDecay, decoupled = config.decoupled
        let b1 = config.beta1, b2 = config.beta2
        state.beta1Power = (state.beta1Power * b1).flushedTiny
        state.beta2Power = (state.beta2Power * b2).flushedTiny
        let c1 = 1 - state.beta1Power, c2 = 1 - state.beta2Power
        for i in 0..<x.laneCount {
            var g = g0[i]
            if wd != 0 {
                if decoupled { x[i] = x[i] * (1 - lr * wd) } else { g = g.addingProduct(wd, x[i]) }
            }
            let m = (b1 * state.m[i]).addingProduct(1 - b1, g)
            let v = (b2 * state.v[i]).addingProduct(1 - b2, g * g)
            state.m[i] = m
            state.v[i] = v
            var vHat: Double
            switch config.amsgrad {
            case .off:
                vHat = v / c2
            case .on:
                let vMax = Double.maximum(state.vMax[i], v)
                state.vMax[i] = vMax
                vHat = vMax / c2
            case .vHat:
                vHat = Double.maximum(state.vMax[i], v / c2)
                state.vMax[i] = vHat
            }
            x[i] = x[i] - lr * (m / c1) / (vHat.squareRoot() + config.eps)
        }
    }

    /// A non-finite second moment (noise so large that g^2 overflows) leaves
    /// x where it was while the state is already meaningless: divergence.
    @inlinable
    public func isFinite(_ state: State) -> Bool { state.v.isFinite && state.m.isFinite }
}
