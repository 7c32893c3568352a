/// Hyperparameters of ``SGD`` (PyTorch names).
public struct SGDConfig: Equatable, Sendable {
    public var momentum = 0.0
    public var dampening = 0.0
    public var nesterov = false
    public var weightDecay = 0.0
    public init(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }
}

/// Stochastic gradient descent with optional heavy-ball / Nesterov momentum,
/// as `torch.optim.SGD`:
/// ```
/// g  <- g + weight_decay * theta
/// b_1 = g;   b_t = mu b_{t-1} + (1 - dampening) g
/// d  = g + mu b_t  (nesterov)   or   b_t   (else; d = g when mu = 0)
/// theta <- theta - lr * d
/// ```
public struct SGD<Vector: PointVector>: Optimizer {
    public let lr: Double
    public let config: SGDConfig

    public struct State {
        public var buffer: Vector
        public var started: Bool
    }

    public init(lr: Double, _ config: SGDConfig = SGDConfig()) {
        self.lr = lr
        self.config = config
    }

    public var initialState: State { State(buffer: Vector(repeating: 0), started: false) }

    @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        var g = g0
        if config.weightDecay != 0 { g = g.addingProduct(config.weightDecay, x) }
        if config.momentum != 0 {
            if state.started {
                state.buffer = (config.momentum * state.buffer).addingProduct(1 - config.dampening, g)
            } else {
                state.buffer = g
                state.started = true
            }
            g = config.nesterov ? g.addingProduct(config.momentum, state.buffer) : state.buffer
        }
        x = x.addingProduct(-lr, g)
    }
}

/// Plain SGD, theta <- theta - lr g: ``SGD`` without momentum or weight decay,
/// the dynamics escape theory describes. The engine runs it as its own type so
/// the hot loop carries no test for momentum (the result is identical).
public struct PlainSGD<Vector: PointVector>: Optimizer {
    public let lr: Double

    public init(lr: Double) { self.lr = lr }

    public var initialState: Void { () }

    @inline(__always)
    public func step(_ x: inout Vector, gradient g: Vector, state: inout Void) {
        x = x.addingProduct(-lr, g)
    }
}
