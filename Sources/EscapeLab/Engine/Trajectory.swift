// The hot loop. Everything here is specialised for concrete landscape,
// optimizer, noise, escape-check and storage types (see Engine.swift),
// allocates nothing per step, and per step does: noisy gradient, optimizer
// update, finiteness check, escape check.

/// Sees every step of a trajectory (the trace command records them; the
/// ensemble's observer does nothing and compiles away).
public protocol StepObserver<Vector> {
    associatedtype Vector: PointVector
    mutating func observe(_ x: Vector)
}

/// The observer that ignores every step.
public struct IgnoreSteps<Vector: PointVector>: StepObserver {
    @inlinable public init() {}
    @inlinable @inline(__always) public mutating func observe(_ x: Vector) {}
}

/// The end of one trajectory.
public struct TrajectoryEnd<Vector: PointVector> {
    public var outcome: Outcome
    /// Step at which it escaped or diverged; max-steps when censored.
    public var steps: Int
    public var point: Vector

    @inlinable
    public init(_ outcome: Outcome, _ steps: Int, _ point: Vector) {
        self.outcome = outcome
        self.steps = steps
        self.point = point
    }
}

/// Runs one trajectory from `start` until it escapes, diverges or reaches `maxSteps`.
///
/// Step n (1-based) computes g_n = noisy grad L(x_{n-1}) and x_n = update(x_{n-1}, g_n);
/// the outcome's step count is the first n with x_n or the optimizer's state
/// non-finite (diverged) or x_n meeting the criterion (escaped). A start that
/// already meets it escapes at 0. `g` is the worker's gradient buffer.
@inlinable @inline(__always)
func runTrajectory<L: Landscape, O: Optimizer, N: NoiseSampling, C: EscapeCheck, Obs: StepObserver>(
    _ landscape: L, _ optimizer: O, _ noise: inout N, _ test: C,
    start: O.Vector, maxSteps: Int, rng: RandomSource, gradient g: inout O.Vector, observer: inout Obs
) -> TrajectoryEnd<O.Vector> where N.Vector == O.Vector, C.Vector == O.Vector, Obs.Vector == O.Vector {
    var x = start
    if test.isMet(x, landscape) { return TrajectoryEnd(.escaped, 0, x) }
    let d = landscape.dimension   // a constant for 1-D landscapes: the checks below fold
    var state = optimizer.initialState(dimension: d)
    var remaining = maxSteps      // counting down saves a compare against memory
    while remaining > 0 {
        remaining &-= 1
        let stop = advance(landscape, optimizer, &noise, test, &x, &state, rng: rng, gradient: &g)
        observer.observe(x)
        if stop {
            let n = maxSteps &- remaining
            let finite = x.isFinite(dimension: d) && optimizer.isFinite(state)
            return TrajectoryEnd(finite ? .escaped : .diverged, n, x)
        }
    }
    return TrajectoryEnd(.censored, maxSteps, x)
}

/// One step of the chain, the only copy of it: every trajectory of an
/// ensemble and every replica of adaptive multilevel splitting moves by it.
///
/// ```
/// g = noisy grad L(x)   (the noise sampler draws from rng)
/// (x, state) <- optimizer.step(x, g, state)
/// returns: x meets the criterion, or x or the optimizer state is non-finite
/// ```
@inlinable @inline(__always)
func advance<L: Landscape, O: Optimizer, N: NoiseSampling, C: EscapeCheck>(
    _ landscape: L, _ optimizer: O, _ noise: inout N, _ test: C, _ x: inout O.Vector, _ state: inout O.State,
    rng: RandomSource, gradient g: inout O.Vector
) -> Bool where N.Vector == O.Vector, C.Vector == O.Vector {
    noise.gradient(at: x, landscape, rng, into: &g)
    optimizer.step(&x, gradient: g, state: &state)
    return test.shouldStop(x, landscape, dimension: landscape.dimension) || !optimizer.isFinite(state)
}
