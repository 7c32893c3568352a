/// Hyperparameters of ``Adai`` (names of the reference implementation).
public struct AdaiConfig: Equatable, Sendable {
    public var beta0 = 0.1
    public var beta2 = 0.99
    public var eps = 1e-3
    public var weightDecay = 0.0
    public init(beta0: Double = 0.1, beta2: Double = 0.99, eps: Double = 1e-3, weightDecay: Double = 0) {
        self.beta0 = beta0
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
    }
}

/// Adai, adaptive inertia (Xie et al.; reference code `adaptive-inertia-adai`):
/// ```
/// g <- g + wd theta
/// v <- beta2 v + (1 - beta2) g^2;      v_hat = v / (1 - beta2^t)
/// vbar = mean of v_hat over all d coordinates
/// beta1 = clamp(1 - beta0 v_hat / vbar, 0, 1 - eps)     (per coordinate)
/// m <- beta1 m + (1 - beta1) g;        P <- P beta1  (P_0 = 1)
/// theta <- theta - lr m / (1 - P)
/// ```
/// In 1-D v_hat / vbar = 1 and Adai is momentum with beta1 = 1 - beta0.
/// Where every v_hat is 0 (an exact critical point without noise) the
/// reference code divides 0 by 0; here the ratio is taken as 1 instead.
public struct Adai<Vector: PointVector>: Optimizer {
    public let lr: Double
    public let config: AdaiConfig
    /// The landscape's dimension d (vbar averages over d coordinates only).
    public let dimension: Int

    public struct State {
        public var m: Vector
        public var v: Vector
        /// Per-coordinate product of beta1 over the steps taken.
        public var beta1Product: Vector
        public var beta2Power: Double
    }

    public init(lr: Double, dimension: Int, _ config: AdaiConfig = AdaiConfig()) {
        self.lr = lr
        self.dimension = dimension
        self.config = config
    }

    public var initialState: State {
        State(m: Vector(repeating: 0), v: Vector(repeating: 0), beta1Product: Vector(repeating: 1), beta2Power: 1)
    }

    @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        var g = g0
        if config.weightDecay != 0 { g = g.addingProduct(config.weightDecay, x) }
        let b2 = config.beta2
        state.v = (b2 * state.v).addingProduct(1 - b2, g * g)
        state.beta2Power = (state.beta2Power * b2).flushedTiny
        let vHat = state.v / (1 - state.beta2Power)
        let vBar = vHat.sum() / Double(dimension)
        var beta1: Vector
        if vBar > 0 {
            beta1 = 1 - config.beta0 * (vHat / vBar)
        } else {
            beta1 = Vector(repeating: 1 - config.beta0)
        }
        beta1 = beta1.clamped(lowerBound: Vector(repeating: 0), upperBound: Vector(repeating: 1 - config.eps))
        state.m = (beta1 * state.m).addingProduct(1 - beta1, g)
        state.beta1Product = state.beta1Product * beta1
        // The product of factors < 1 also sinks into subnormals; flush it.
        state.beta1Product.replace(with: Vector(repeating: 0), where: state.beta1Product .< Vector(repeating: 1e-300))
        x = x - lr * state.m / (1 - state.beta1Product)
    }
}
