// The noise shapes of the anisotropic-noise experiment (Theory article, § Anisotropic noise;
// Zhu et al. 2019): Gaussian noise whose covariance is a matrix of the
// landscape normalised to a fixed trace, so that every shape injects the same
// total variance and only the direction differs. The reference code
// (github.com/uuujf/SGDNoise, 2Dim/model.py) re-evaluates the matrix at the
// current point before every step (`eval_Cov` / `eval_Hess` inside the
// training loop); `at=local` does the same, `at=start` freezes it at the
// start point for comparison.

/// The shape of `shaped:` noise: Sigma = trace * S / Tr(S) for a matrix S of the landscape.
///
/// | shape | S |
/// |---|---|
/// | `isotropic` | I |
/// | `diagonal` | diag(C), C the per-sample gradient covariance (finite-sum landscapes) |
/// | `covariance` | C |
/// | `hessian` | abs(H) (eigenvalues replaced by their absolute values) |
/// | `top-eigenvector` | v v^T, v the eigenvector of H's largest eigenvalue |
///
/// Where S vanishes (zero covariance or Hessian) the noise is zero. In 1-D every
/// shape is N(0, trace).
public enum NoiseShape: String, CaseIterable, Sendable {
    case isotropic
    case diagonal
    case covariance
    case hessian
    case topEigenvector = "top-eigenvector"

    /// True for the shapes built from the per-sample gradient covariance.
    public var needsSamples: Bool { self == .diagonal || self == .covariance }

    /// Sigma = trace * S(x) / Tr S(x) at `x` (set-up, studies, tests).
    public func covariance(on landscape: any Landscape, at x: [Double], trace: Double) -> Matrix {
        let d = landscape.dimension
        var s = Matrix(dimension: d)
        switch self {
        case .isotropic:
            for i in 0..<d { s[i, i] = 1 }
        case .diagonal:
            let c = landscape.sampleGradientCovariance(at: x)
            for i in 0..<d { s[i, i] = max(c[i, i], 0) }
        case .covariance:
            s = landscape.sampleGradientCovariance(at: x)
        case .hessian:
            guard let e = try? symmetricEigen(landscape.hessian(at: x)) else { return s }
            for j in 0..<d { for r in 0..<d { for c in 0..<d { s[r, c] += abs(e.values[j]) * e.vectors[r, j] * e.vectors[c, j] } } }
        case .topEigenvector:
            guard let e = try? symmetricEigen(landscape.hessian(at: x)) else { return s }
            for r in 0..<d { for c in 0..<d { s[r, c] = e.vectors[r, d - 1] * e.vectors[c, d - 1] } }
        }
        let t = s.trace
        return t > 0 ? (trace / t) * s : Matrix(dimension: d)
    }
}
