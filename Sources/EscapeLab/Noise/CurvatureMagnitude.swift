// The curvature magnitude of the Hessian-shaped noise models. SGD-like
// noise N(0, |H| / B) takes |lambda| of each Hessian eigenvalue; with the
// Hessian taken along the path it vanishes at the inflection points of a
// smooth barrier, where the continuous model's diffusion D = eta |U''| / (2B)
// is zero and the potential Phi = Int U' / D diverges logarithmically: the
// exact mean first-passage time is infinite and simulated times depend on
// eta. The floored magnitude sqrt(lambda^2 + h^2) is the choice here (Theory
// article, § State-dependent noise), rather than max(|lambda|, h), because
//   - it is smooth in lambda, so D(x) is as smooth as U'' and the quadrature
//     of U'/D converges at its usual rate (a kink in D would cost accuracy);
//   - it differs from |lambda| by at most h, and by h^2 / (2 |lambda|) where
//     |lambda| >> h: at a minimum of curvature H_a the temperature changes by
//     the relative amount h^2 / (2 H_a^2), 0.8% for h = H_a / 8;
//   - it is the same function of H whatever the basis (applied to the
//     eigenvalues), and h = 0 is exactly |H|.

/// The floored curvature magnitude of SGD-like noise:
/// ```
/// m_h(lambda) = sqrt(lambda^2 + h^2)          (h = 0: |lambda|)
/// M_h(H) = Q diag(m_h(lambda_j)) Q^T          for H = Q diag(lambda_j) Q^T
/// ```
public enum CurvatureMagnitude {
    /// m_h(lambda) = sqrt(lambda^2 + h^2), exactly |lambda| when h = 0.
    @inlinable
    public static func scalar(_ lambda: Double, floor h: Double) -> Double {
        h == 0 ? abs(lambda) : (lambda * lambda + h * h).squareRoot()
    }

    /// M_h(H) for a symmetric matrix, by its eigen-decomposition (diagonal matrices entry by entry).
    public static func matrix(_ m: Matrix, floor h: Double) throws -> Matrix {
        let d = m.dimension
        if m.isDiagonal { return Matrix.diagonal((0..<d).map { scalar(m[$0, $0], floor: h) }) }
        let e = try symmetricEigen(m)
        var out = Matrix(dimension: d)
        for j in 0..<d {
            let s = scalar(e.values[j], floor: h)
            for r in 0..<d { for c in 0..<d { out[r, c] += e.vectors[r, j] * s * e.vectors[c, j] } }
        }
        return out
    }
}
