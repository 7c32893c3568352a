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

    static let parameters = [
        SpecParameter("beta0", \AdaiConfig.beta0, default: 0.1, .openClosed(0, 1), "inertia scale: beta1 = 1 - beta0 v_hat / vbar").info,
        SpecParameter("beta2", \AdaiConfig.beta2, default: 0.99, .closedOpen(0, 1), "second-moment decay").info,
        SpecParameter("eps", \AdaiConfig.eps, default: 1e-3, .open(0, 1), "beta1 is clamped to [0, 1 - eps]").info,
        SpecParameter("weight-decay", \AdaiConfig.weightDecay, default: 0.0, .nonNegative, "L2 penalty added to the gradient").info,
    ]
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
        @inlinable public init(m: Vector, v: Vector, beta1Product: Vector, beta2Power: Double) {
            self.m = m
            self.v = v
            self.beta1Product = beta1Product
            self.beta2Power = beta2Power
        }
    }

    public init(lr: Double, dimension: Int, _ config: AdaiConfig = AdaiConfig()) {
        self.lr = lr
        self.dimension = dimension
        self.config = config
    }

    @inlinable
    public func initialState(dimension: Int) -> State {
        var p = Vector(zeros: dimension)
        for i in 0..<p.laneCount { p[i] = 1 }
        return State(m: Vector(zeros: dimension), v: Vector(zeros: dimension), beta1Product: p, beta2Power: 1)
    }

    @inlinable @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        let wd = config.weightDecay, b2 = config.beta2
        state.beta2Power = (state.beta2Power * b2).flushedTiny
        let c2 = 1 - state.beta2Power
        // Two passes: v and vbar first, then beta1, m and theta (g with weight
        // decay is recomputed in the second pass rather than stored).
        for i in 0..<x.laneCount {
            var g = g0[i]
            if wd != 0 { g = g.addingProduct(wd, x[i]) }
            state.v[i] = (b2 * state.v[i]).addingProduct(1 - b2, g * g)
        }
        let vBar = state.v.sum { state.v[$0] / c2 } / Double(dimension)
        let upper = 1 - config.eps
        for i in 0..<x.laneCount {
            var g = g0[i]
            if wd != 0 { g = g.addingProduct(wd, x[i]) }
            let vHat = state.v[i] / c2
            var beta1 = vBar > 0 ? 1 - config.beta0 * (vHat / vBar) : 1 - config.beta0
            // As SIMD's clamped(lowerBound:upperBound:): a NaN ratio gives 0.
            beta1 = Double.minimum(Double.maximum(beta1, 0), upper)
            state.m[i] = (beta1 * state.m[i]).addingProduct(1 - beta1, g)
            var p = state.beta1Product[i] * beta1
            // The product of factors < 1 also sinks into subnormals; flush it.
            if p < 1e-300 { p = 0 }
            state.beta1Product[i] = p
            x[i] = x[i] - lr * state.m[i] / (1 - p)
        }
    }
}
