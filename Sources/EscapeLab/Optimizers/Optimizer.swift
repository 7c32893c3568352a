// Optimizers follow PyTorch's update rules in float64 (the Conventions
// article). Each optimizer is generic over the run's point storage and keeps
// its per-trajectory state in an explicit struct that `step` mutates in place,
// coordinate by coordinate, so the same code runs on SIMD registers and on a
// heap buffer of any dimension without allocating. Padding lanes (past the
// landscape's dimension) always see g = 0 and x = 0; every rule here maps that
// to a zero step, so padding stays zero.

/// An optimization algorithm: a learning rate, hyperparameters and an update rule.
///
/// Conform to add an optimizer of your own; ``Ensemble/run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``
/// runs it at full speed (the hot loop is specialised for your type in your module).
public protocol Optimizer<Vector>: Sendable {
    associatedtype Vector: PointVector
    /// Per-trajectory state (moment buffers, step count): the optimizer's part
    /// of the Markov state, copied when a trajectory is branched.
    associatedtype State

    /// The state before the first step, for points of `dimension` coordinates.
    func initialState(dimension: Int) -> State

    /// One update: reads the (noisy) gradient `g` at `x` and moves `x`.
    func step(_ x: inout Vector, gradient g: Vector, state: inout State)

    /// True when the state holds a non-finite number (a blown-up moment
    /// estimate), which makes the trajectory `diverged`. The default checks
    /// nothing; optimizers whose state can blow up while x stays finite
    /// (Adam's second moment under huge noise) override it.
    func isFinite(_ state: State) -> Bool
}

extension Optimizer {
    @inlinable public func isFinite(_ state: State) -> Bool { true }
}

extension Double {
    /// beta^t products underflow into subnormals and then stick there
    /// (4.9e-324 * 0.9 rounds back to 4.9e-324), making every later step pay a
    /// denormal assist. Below 1e-300 they are flushed to 0, which is exact for
    /// their only use, 1 - beta^t (1 - 1e-300 == 1 in double).
    @inlinable @inline(__always)
    var flushedTiny: Double { self < 1e-300 ? 0 : self }
}
