// The diffusion matrix split into grid directions with non-negative weights,
// which is what makes the anisotropic scheme monotone.
//
// Selling's formula (Selling 1874; used for monotone anisotropic schemes by
// Fehrenbach & Mirebeau, "Sparse non-negative stencils for anisotropic
// diffusion", J. Math. Imaging Vis. 2014): a superbase (b0, b1, b2)
// of Z^2, b0 + b1 + b2 = 0, is M-obtuse when b_i . M b_j <= 0 for i != j.
// Then
//     M = sum_k rho_k e_k e_k^T,   rho_k = -b_i . M b_j  >= 0  ({i, j, k} = {0, 1, 2}),
// with e_k = b_k rotated by 90 degrees, an integer vector. An obtuse
// superbase exists for every symmetric positive-definite M, and Selling's
// algorithm finds one: while some b_i . M b_j > 0, replace
// (b_i, b_j, b_k) by (-b_i, b_j, b_i - b_j); each step lowers the energy
// sum |b|_M^2 of the superbase, so it terminates.
//
// With M = H^-1 D H^-1 (H = diag(hx, hy), the grid in index units) the
// operator D : grad grad u is then sum_k rho_k u''_{v_k}, a sum of second
// differences along the physical lattice vectors v_k = H e_k, each with a
// non-negative weight: the 3-point differences give an M-matrix whatever the
// anisotropy. Moderate anisotropy keeps e_k in the 3 x 3 neighbourhood
// ((1,0), (0,1) and one diagonal); strong anisotropy at an angle to the grid
// needs longer vectors such as (2, 1), which the assembly supports.

/// D = sum_k weight_k v_k v_k^T with weight_k > 0 and v_k = (i_k hx, j_k hy),
/// (i_k, j_k) integer offsets: Selling's decomposition on a grid of spacings hx, hy.
struct LatticeStencil {
    struct Direction {
        /// rho_k > 0 (units of D / length^2).
        let weight: Double
        /// (i_k, j_k): the neighbour at +v_k is node (i + i_k, j + j_k).
        let offset: (i: Int, j: Int)
    }

    /// One to three directions (zero weights dropped).
    let directions: [Direction]

    init(_ d: Diffusion2D, hx: Double, hy: Double) {
        precondition(d.isPositiveDefinite && hx > 0 && hy > 0)
        // M in index units.
        let m = (xx: d.xx / (hx * hx), xy: d.xy / (hx * hy), yy: d.yy / (hy * hy))
        func dot(_ a: (Int, Int), _ b: (Int, Int)) -> Double {
            let (a0, a1) = (Double(a.0), Double(a.1)), (b0, b1) = (Double(b.0), Double(b.1))
            return a0 * (m.xx * b0 + m.xy * b1) + a1 * (m.xy * b0 + m.yy * b1)
        }
        var b = [(1, 0), (0, 1), (-1, -1)]
        let slack = 1e-14 * (m.xx + m.yy)
        reduction: for _ in 0..<10_000 {
            for (i, j) in [(0, 1), (0, 2), (1, 2)] where dot(b[i], b[j]) > slack {
                let k = 3 - i - j
                let (bi, bj) = (b[i], b[j])
                b[i] = (-bi.0, -bi.1)
                b[j] = bj
                b[k] = (bi.0 - bj.0, bi.1 - bj.1)
                continue reduction
            }
            break
        }
        var directions: [Direction] = []
        for (i, j, k) in [(0, 1, 2), (0, 2, 1), (1, 2, 0)] {
            let rho = -dot(b[i], b[j])
            if rho > slack { directions.append(Direction(weight: rho, offset: (-b[k].1, b[k].0))) }
        }
        self.directions = directions
    }
}
