/// Hyperparameters of ``Adam`` and AdamW (PyTorch names).
public struct AdamConfig: Equatable, Sendable {
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var eps = 1e-8
    public var weightDecay = 0.0
    public var amsgrad = false
    /// AdamW: weight decay applied to the parameters, not added to the gradient.
    public var decoupled = false
    public init(beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: Bool = false, decoupled: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupled = decoupled
    }
}

/// Adam (`torch.optim.Adam`) and, with `decoupled`, AdamW (`torch.optim.AdamW`):
/// ```
/// AdamW: theta <- theta (1 - lr wd)        Adam: g <- g + wd theta
/// m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2
/// m_hat = m / (1 - beta1^t);     v_hat = v / (1 - beta2^t)
/// AMSGrad: v_hat <- max(v_hat_max, v_hat)   (running max of v_hat)
/// theta <- theta - lr m_hat / (sqrt(v_hat) + eps)
/// ```
/// AMSGrad follows THEORY.md and PyTorch's documented algorithm (max of
/// v_hat); PyTorch's implementation keeps the max of the raw v instead and
/// divides by the current bias correction, which differs only while
/// 1 - beta2^t is far from 1.
public struct Adam<Vector: PointVector>: Optimizer {
    public let lr: Double
    public let config: AdamConfig

    public struct State {
        public var m: Vector
        public var v: Vector
        public var vHatMax: Vector
        /// beta1^t and beta2^t, flushed to 0 once below 1e-300.
        public var beta1Power: Double
        public var beta2Power: Double
    }

    public init(lr: Double, _ config: AdamConfig = AdamConfig()) {
        self.lr = lr
        self.config = config
    }

    public var initialState: State {
        State(m: Vector(repeating: 0), v: Vector(repeating: 0), vHatMax: Vector(repeating: 0),
              beta1Power: 1, beta2Power: 1)
    }

    @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        var g = g0
        if config.weightDecay != 0 {
            if config.decoupled { x = x * (1 - lr * config.weightDecay) } else { g = g.addingProduct(config.weightDecay, x) }
        }
        let b1 = config.beta1, b2 = config.beta2
        state.m = (b1 * state.m).addingProduct(1 - b1, g)
        state.v = (b2 * state.v).addingProduct(1 - b2, g * g)
        state.beta1Power = (state.beta1Power * b1).flushedTiny
        state.beta2Power = (state.beta2Power * b2).flushedTiny
        let mHat = state.m / (1 - state.beta1Power)
        var vHat = state.v / (1 - state.beta2Power)
        if config.amsgrad {
            state.vHatMax = pointwiseMax(state.vHatMax, vHat)
            vHat = state.vHatMax
        }
        x = x - lr * mHat / (vHat.squareRoot() + config.eps)
    }
}
