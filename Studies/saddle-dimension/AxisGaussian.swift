import EscapeLab

/// Gaussian gradient noise of variance s_j along each eigenvector q_j of a fixed symmetric matrix, independent
/// across axes:
///
///     g = grad L(x) + F z,   F = sum_j sqrt(s_j) q_j q_jᵀ,   z ~ N(0, I_d)
///
/// (d normals a step, drawn in coordinate order). The teacher-student control rows run it through the generic
/// `Ensemble.run` to put frozen |H|/B noise on some Hessian axes only.
struct AxisGaussian: NoiseKernel, NoiseSampling {
    /// F, d x d, row-major.
    let factor: [Double]
    let dimension: Int
    var draws: [Double]
    var kick: DynamicVector

    init(eigen e: SymmetricEigen, variances s: [Double]) {
        let d = s.count
        var f = [Double](repeating: 0, count: d * d)
        for j in 0..<d where s[j] > 0 {
            let w = s[j].squareRoot()
            for a in 0..<d {
                for b in 0..<d { f[a * d + b] += w * e.vectors[a, j] * e.vectors[b, j] }
            }
        }
        factor = f
        dimension = d
        draws = [Double](repeating: 0, count: d)
        kick = DynamicVector(zeros: d)
    }

    func makeSampler() -> AxisGaussian { self }

    mutating func gradient<L: Landscape>(at x: DynamicVector, _ landscape: L, _ rng: RandomSource, into g: inout DynamicVector) {
        let d = dimension
        for i in 0..<d { draws[i] = rng.gaussian() }
        for i in 0..<d {
            var sum = 0.0
            for k in 0..<d { sum += factor[i * d + k] * draws[k] }
            kick[i] = sum
        }
        landscape.gradient(at: x, adding: kick, into: &g)
    }
}
