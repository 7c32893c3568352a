// Optimizers follow PyTorch's update rules in float64 (THEORY.md section 6).
// Each optimizer is generic over the SIMD storage of the run and keeps its
// per-trajectory state in an explicit struct that `step` mutates in place.
// Padding lanes (past the landscape's dimension) always see g = 0 and x = 0;
// every rule here maps that to a zero step, so padding stays zero.

/// An optimization algorithm: a learning rate, hyperparameters and an update rule.
public protocol Optimizer<Vector>: Sendable {
    associatedtype Vector: PointVector
    /// Per-trajectory state (moment buffers, step count).
    associatedtype State

    /// The state before the first step.
    var initialState: State { get }

    /// One update: reads the (noisy) gradient `g` at `x` and moves `x`.
    func step(_ x: inout Vector, gradient g: Vector, state: inout State)
}

extension Double {
    /// beta^t products underflow into subnormals and then stick there
    /// (4.9e-324 * 0.9 rounds back to 4.9e-324), making every later step pay a
    /// denormal assist. Below 1e-300 they are flushed to 0, which is exact for
    /// their only use, 1 - beta^t (1 - 1e-300 == 1 in double).
    @inline(__always)
    var flushedTiny: Double { self < 1e-300 ? 0 : self }
}
