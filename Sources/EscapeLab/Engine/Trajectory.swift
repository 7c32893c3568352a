// The hot loop. Everything here is specialised for concrete landscape,
// optimizer and SIMD types (see Engine.swift), allocates nothing, and per
// step does: noisy gradient, optimizer update, finiteness check, escape check.

/// Sees every step of a trajectory (the trace command records them; the
/// ensemble's observer does nothing and compiles away).
protocol StepObserver<Vector> {
    associatedtype Vector: PointVector
    mutating func observe(_ x: Vector)
}

struct IgnoreSteps<Vector: PointVector>: StepObserver {
    init() {}
    @inline(__always) mutating func observe(_ x: Vector) {}
}

/// The end of one trajectory.
struct TrajectoryEnd<Vector: PointVector> {
    var outcome: Outcome
    /// Step at which it escaped or diverged; max-steps when censored.
    var steps: Int
    var point: Vector

    init(_ outcome: Outcome, _ steps: Int, _ point: Vector) {
        self.outcome = outcome
        self.steps = steps
        self.point = point
    }
}

/// Runs one trajectory from `start` until it escapes, diverges or reaches `maxSteps`.
///
/// Step n (1-based) computes g_n = noisy grad L(x_{n-1}) and x_n = update(x_{n-1}, g_n);
/// the outcome's step count is the first n with x_n non-finite (diverged) or
/// meeting the criterion (escaped). A start that already meets it escapes at 0.
@inline(__always)
func runTrajectory<L: Landscape, O: Optimizer, N: NoiseSampling, C: EscapeCheck, Obs: StepObserver>(
    _ landscape: L, _ optimizer: O, _ noise: N, _ test: C,
    start: O.Vector, maxSteps: Int, rng: RandomSource, observer: inout Obs
) -> TrajectoryEnd<O.Vector> where N.Vector == O.Vector, C.Vector == O.Vector, Obs.Vector == O.Vector {
    var x = start
    if test.isMet(x, landscape) { return TrajectoryEnd(.escaped, 0, x) }
    var state = optimizer.initialState
    let d = landscape.dimension   // a constant for 1-D landscapes: the checks below fold
    var remaining = maxSteps      // counting down saves a compare against memory
    while remaining > 0 {
        remaining &-= 1
        let g = noise.gradient(at: x, landscape, rng)
        optimizer.step(&x, gradient: g, state: &state)
        observer.observe(x)
        if test.shouldStop(x, landscape, dimension: d) {
            let n = maxSteps &- remaining
            return TrajectoryEnd(x.isFinite(dimension: d) ? .escaped : .diverged, n, x)
        }
    }
    return TrajectoryEnd(.censored, maxSteps, x)
}
