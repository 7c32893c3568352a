// How the engine applies noise. A kernel is prepared once per run and hands
// each worker a sampler (which owns that worker's scratch buffers). The common
// case, a diagonal Gaussian (white noise, or SGD noise whose frozen Hessian is
// diagonal, as in every 1-D problem), has its own kernel so the specialised
// hot loop is d ziggurat draws, a gradient and a multiply-add; every other
// noise goes through `NoiseModel`'s general sampler. Both draw the same
// normals in the same order and compute g + s * z lane by lane, so the choice
// of kernel never changes a result. (Drawing the normals ahead in blocks was
// tried and measured slower: the block index then lives in memory.)

/// A run's noise, ready to hand a sampler to each worker.
///
/// Conform to add a noise model of your own and run it through
/// ``Ensemble/run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``.
public protocol NoiseKernel<Vector>: Sendable {
    associatedtype Vector: PointVector
    associatedtype Sampler: NoiseSampling<Vector>
    /// A sampler for one worker (its own scratch buffers).
    func makeSampler() -> Sampler
}

/// Produces the gradient the optimizer sees at each step; one per worker.
public protocol NoiseSampling<Vector> {
    associatedtype Vector: PointVector
    /// Writes the noisy gradient at `x` into `g`, drawing from `rng`.
    mutating func gradient<L: Landscape>(at x: Vector, _ landscape: L, _ rng: RandomSource, into g: inout Vector)
}

/// grad L(x) + s * z, z ~ N(0, I_d): independent Gaussian noise of per-coordinate scale s.
public struct DiagonalGaussian<Vector: PointVector>: NoiseKernel, NoiseSampling {
    /// Per-coordinate standard deviations (0 in padding lanes).
    public let scales: Vector
    /// The dimension d: how many normals a step draws.
    public let dimension: Int
    /// The scaled draws s * z of the current step.
    @usableFromInline var kick: Vector

    public init(scales: Vector, dimension: Int) {
        self.scales = scales
        self.dimension = dimension
        kick = Vector(zeros: dimension)
    }

    @inlinable public func makeSampler() -> Self { self }

    @inlinable @inline(__always)
    public mutating func gradient<L: Landscape>(at x: Vector, _ landscape: L, _ rng: RandomSource, into g: inout Vector) {
        // Draw first: then only x, not the gradient, has to survive the GSL
        // call. The dimension comes from the landscape, a constant for 1-D ones.
        let d = landscape.dimension
        if d == 1 {
            kick[0] = scales[0] * rng.gaussian()
        } else {
            // A while loop: the Range iterator costs more than the draw's call here.
            var i = 0
            while i < d { kick[i] = scales[i] * rng.gaussian(); i &+= 1 }
        }
        landscape.gradient(at: x, adding: kick, into: &g)
    }
}
