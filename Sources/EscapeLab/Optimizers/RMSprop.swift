/// Hyperparameters of ``RMSprop`` (PyTorch names).
public struct RMSpropConfig: Equatable, Sendable {
    public var alpha = 0.99
    public var eps = 1e-8
    public var momentum = 0.0
    public var centered = false
    public var weightDecay = 0.0
    public init(alpha: Double = 0.99, eps: Double = 1e-8, momentum: Double = 0, centered: Bool = false, weightDecay: Double = 0) {
        self.alpha = alpha
        self.eps = eps
        self.momentum = momentum
        self.centered = centered
        self.weightDecay = weightDecay
    }

    static let parameters = [
        SpecParameter("alpha", \RMSpropConfig.alpha, default: 0.99, .closedOpen(0, 1), "smoothing constant of v").info,
        SpecParameter("eps", \RMSpropConfig.eps, default: 1e-8, .positive, "added to the denominator").info,
        SpecParameter("momentum", \RMSpropConfig.momentum, default: 0.0, .closedOpen(0, 1), "momentum of the scaled step").info,
        SpecParameter("centered", \RMSpropConfig.centered, default: false, AnyValue(), "divide by the variance estimate v - gbar^2").info,
        SpecParameter("weight-decay", \RMSpropConfig.weightDecay, default: 0.0, .nonNegative, "L2 penalty added to the gradient").info,
    ]
}

/// RMSprop as `torch.optim.RMSprop` (no bias correction):
/// ```
/// g <- g + wd theta
/// v <- alpha v + (1 - alpha) g^2;    gbar <- alpha gbar + (1 - alpha) g  (centered)
/// den = sqrt(v - gbar^2 if centered else v) + eps
/// momentum > 0:  buf <- mu buf + g / den;  theta <- theta - lr buf
/// else:          theta <- theta - lr g / den
/// ```
public struct RMSprop<Vector: PointVector>: Optimizer {
    public let lr: Double
    public let config: RMSpropConfig

    public struct State {
        public var v: Vector
        public var gradientAverage: Vector
        public var buffer: Vector
        @inlinable public init(v: Vector, gradientAverage: Vector, buffer: Vector) {
            self.v = v
            self.gradientAverage = gradientAverage
            self.buffer = buffer
        }
    }

    public init(lr: Double, _ config: RMSpropConfig = RMSpropConfig()) {
        self.lr = lr
        self.config = config
    }

    @inlinable
    public func initialState(dimension: Int) -> State {
        State(v: Vector(zeros: dimension), gradientAverage: Vector(zeros: dimension), buffer: Vector(zeros: dimension))
    }

    @inlinable @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        let a = config.alpha, wd = config.weightDecay, mu = config.momentum
        for i in 0..<x.laneCount {
            var g = g0[i]
            if wd != 0 { g = g.addingProduct(wd, x[i]) }
            let v = (a * state.v[i]).addingProduct(1 - a, g * g)
            state.v[i] = v
            var centeredV = v
            if config.centered {
                let gbar = (a * state.gradientAverage[i]).addingProduct(1 - a, g)
                state.gradientAverage[i] = gbar
                centeredV = v - gbar * gbar
            }
            let direction = g / (centeredV.squareRoot() + config.eps)
            if mu > 0 {
                let b = (mu * state.buffer[i]) + direction
                state.buffer[i] = b
                x[i] = x[i].addingProduct(-lr, b)
            } else {
                x[i] = x[i].addingProduct(-lr, direction)
            }
        }
    }

    /// An overflowing v leaves x in place: divergence.
    @inlinable
    public func isFinite(_ state: State) -> Bool { state.v.isFinite }
}
