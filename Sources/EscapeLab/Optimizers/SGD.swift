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

    /// No momentum and no weight decay: theta <- theta - lr g, the dynamics
    /// the Langevin theory describes.
    public var isPlain: Bool { momentum == 0 && weightDecay == 0 }

    static let parameters = [
        SpecParameter("momentum", \SGDConfig.momentum, default: 0.0, .closedOpen(0, 1), "heavy-ball momentum mu").info,
        SpecParameter("dampening", \SGDConfig.dampening, default: 0.0, .closed(0, 1), "dampening of the gradient in the buffer").info,
        SpecParameter("nesterov", \SGDConfig.nesterov, default: false, AnyValue(), "Nesterov momentum (needs momentum > 0, dampening 0)").info,
        SpecParameter("weight-decay", \SGDConfig.weightDecay, default: 0.0, .nonNegative, "L2 penalty added to the gradient").info,
    ]
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
        @inlinable public init(buffer: Vector, started: Bool) {
            self.buffer = buffer
            self.started = started
        }
    }

    public init(lr: Double, _ config: SGDConfig = SGDConfig()) {
        self.lr = lr
        self.config = config
    }

    @inlinable
    public func initialState(dimension: Int) -> State { State(buffer: Vector(zeros: dimension), started: false) }

    @inlinable @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        let mu = config.momentum, wd = config.weightDecay
        let started = state.started
        state.started = true
        for i in 0..<x.laneCount {
            var g = g0[i]
            if wd != 0 { g = g.addingProduct(wd, x[i]) }
            if mu != 0 {
                let b = started ? (mu * state.buffer[i]).addingProduct(1 - config.dampening, g) : g
                state.buffer[i] = b
                g = config.nesterov ? g.addingProduct(mu, b) : b
            }
            x[i] = x[i].addingProduct(-lr, g)
        }
    }
}

/// Plain SGD, theta <- theta - lr g: ``SGD`` without momentum or weight decay,
/// the dynamics escape theory describes. The engine runs it as its own type so
/// the hot loop carries no test for momentum (the result is identical).
public struct PlainSGD<Vector: PointVector>: Optimizer {
    public let lr: Double

    public init(lr: Double) { self.lr = lr }

    @inlinable public func initialState(dimension: Int) {}

    @inlinable @inline(__always)
    public func step(_ x: inout Vector, gradient g: Vector, state: inout Void) {
        for i in 0..<x.laneCount { x[i] = x[i].addingProduct(-lr, g[i]) }
    }
}
