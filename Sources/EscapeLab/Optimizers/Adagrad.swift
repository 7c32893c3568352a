/// Hyperparameters of ``Adagrad`` (PyTorch names).
public struct AdagradConfig: Equatable, Sendable {
    public var lrDecay = 0.0
    public var eps = 1e-10
    public var initialAccumulator = 0.0
    public var weightDecay = 0.0
    public init(lrDecay: Double = 0, eps: Double = 1e-10, initialAccumulator: Double = 0, weightDecay: Double = 0) {
        self.lrDecay = lrDecay
        self.eps = eps
        self.initialAccumulator = initialAccumulator
        self.weightDecay = weightDecay
    }
}

/// Adagrad as `torch.optim.Adagrad`:
/// ```
/// g <- g + wd theta;    s <- s + g^2   (s_0 = initial_accumulator_value)
/// clr = lr / (1 + (t - 1) lr_decay)
/// theta <- theta - clr g / (sqrt(s) + eps)
/// ```
public struct Adagrad<Vector: PointVector>: Optimizer {
    public let lr: Double
    public let config: AdagradConfig

    public struct State {
        public var sum: Vector
        public var t: Int
    }

    public init(lr: Double, _ config: AdagradConfig = AdagradConfig()) {
        self.lr = lr
        self.config = config
    }

    public var initialState: State { State(sum: Vector(repeating: config.initialAccumulator), t: 0) }

    @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        var g = g0
        if config.weightDecay != 0 { g = g.addingProduct(config.weightDecay, x) }
        state.t += 1
        let clr = lr / (1 + Double(state.t - 1) * config.lrDecay)
        state.sum = state.sum.addingProduct(g, g)
        x = x - clr * g / (state.sum.squareRoot() + config.eps)
    }
}
