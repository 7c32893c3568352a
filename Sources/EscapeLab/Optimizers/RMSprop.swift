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
    }

    public init(lr: Double, _ config: RMSpropConfig = RMSpropConfig()) {
        self.lr = lr
        self.config = config
    }

    public var initialState: State {
        State(v: Vector(repeating: 0), gradientAverage: Vector(repeating: 0), buffer: Vector(repeating: 0))
    }

    @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        var g = g0
        if config.weightDecay != 0 { g = g.addingProduct(config.weightDecay, x) }
        let a = config.alpha
        state.v = (a * state.v).addingProduct(1 - a, g * g)
        var centeredV = state.v
        if config.centered {
            state.gradientAverage = (a * state.gradientAverage).addingProduct(1 - a, g)
            centeredV = state.v - state.gradientAverage * state.gradientAverage
        }
        let direction = g / (centeredV.squareRoot() + config.eps)
        if config.momentum > 0 {
            state.buffer = (config.momentum * state.buffer) + direction
            x = x.addingProduct(-lr, state.buffer)
        } else {
            x = x.addingProduct(-lr, direction)
        }
    }
}
