// How the engine applies noise. A kernel is prepared once per run and hands
// each worker a sampler (which may own scratch buffers). The common case,
// a diagonal Gaussian (white noise, or SGD noise whose frozen Hessian is
// diagonal, as in every 1-D problem), has its own kernel so the specialised
// hot loop is a gradient, d ziggurat draws and a multiply-add; every other
// noise goes through `NoiseModel`'s general sampler. Both draw the same
// normals in the same order and compute g + s * z lane by lane, so the choice
// of kernel never changes a result. (Drawing the normals ahead in blocks was
// tried and measured slower: the block index then lives in memory.)

/// A run's noise, ready to hand a sampler to each worker.
protocol NoiseKernel<Vector>: Sendable {
    associatedtype Vector: PointVector
    associatedtype Sampler: NoiseSampling<Vector>
    func makeSampler() -> Sampler
}

/// Produces the gradient the optimizer sees at each step (one per worker).
protocol NoiseSampling<Vector> {
    associatedtype Vector: PointVector
    func gradient<L: Landscape>(at x: Vector, _ landscape: L, _ rng: RandomSource) -> Vector
}

/// grad L(x) + s * z, z ~ N(0, I_d): independent Gaussian noise of per-coordinate scale s.
struct DiagonalGaussian<Vector: PointVector>: NoiseKernel, NoiseSampling {
    /// Per-coordinate standard deviations (0 in padding lanes).
    let scales: Vector

    func makeSampler() -> Self { self }

    @inline(__always)
    func gradient<L: Landscape>(at x: Vector, _ landscape: L, _ rng: RandomSource) -> Vector {
        // Draw first: then only x, not the gradient, has to survive the GSL
        // call. The dimension comes from the landscape, a constant for 1-D ones.
        let z: Vector = standardNormals(landscape.dimension, rng)
        return landscape.gradient(at: x, adding: scales * z)
    }
}

/// d standard normal draws in coordinate order, padding lanes zero.
@inline(__always)
func standardNormals<V: PointVector>(_ d: Int, _ rng: RandomSource) -> V {
    var z = V(repeating: 0)
    if d == 1 {
        z[0] = rng.gaussian()
    } else {
        // A while loop: the Range iterator costs more than the draw's call here.
        var i = 0
        while i < d { z[i] = rng.gaussian(); i &+= 1 }
    }
    return z
}
