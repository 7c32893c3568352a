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

    static let parameters = [
        SpecParameter("lr-decay", \AdagradConfig.lrDecay, default: 0.0, .nonNegative, "clr = lr / (1 + (t-1) lr_decay)").info,
        SpecParameter("eps", \AdagradConfig.eps, default: 1e-10, .positive, "added to sqrt(s)").info,
        SpecParameter("initial-accumulator", \AdagradConfig.initialAccumulator, default: 0.0, .nonNegative, "s_0").info,
        SpecParameter("weight-decay", \AdagradConfig.weightDecay, default: 0.0, .nonNegative, "L2 penalty added to the gradient").info,
    ]
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
        @inlinable public init(sum: Vector, t: Int) {
            self.sum = sum
            self.t = t
        }
    }

    public init(lr: Double, _ config: AdagradConfig = AdagradConfig()) {
        self.lr = lr
        self.config = config
    }

    @inlinable
    public func initialState(dimension: Int) -> State {
        var s = Vector(zeros: dimension)
        for i in 0..<s.laneCount { s[i] = config.initialAccumulator }
        return State(sum: s, t: 0)
    }

    @inlinable @inline(__always)
    public func step(_ x: inout Vector, gradient g0: Vector, state: inout State) {
        let wd = config.weightDecay
        state.t += 1
        let clr = lr / (1 + Double(state.t - 1) * config.lrDecay)
        for i in 0..<x.laneCount {
            var g = g0[i]
            if wd != 0 { g = g.addingProduct(wd, x[i]) }
            let s = state.sum[i].addingProduct(g, g)
            state.sum[i] = s
            x[i] = x[i] - clr * g / (s.squareRoot() + config.eps)
        }
    }

    /// An overflowing accumulator leaves x in place: divergence.
    @inlinable
    public func isFinite(_ state: State) -> Bool { state.sum.isFinite }
}
