import Foundation

// The discrete backward Kolmogorov operator on one grid.
//
//     D : grad grad tau - grad L . grad tau = -1   off the escape set,
//     tau = 0 on it,   reflecting walls.
//
// Why this scheme. At barrier / T ~ 10 the drift over one grid link,
// |grad L| h / T, is O(1) to O(100) on the basin's walls, and tau changes by
// a factor e^(Delta L / T) across the barrier. Central differences of the
// drift term then give positive off-diagonal entries (a non-monotone matrix:
// oscillations, even negative times) unless h is tiny. The scheme below is
// monotone for every h and second-order accurate:
//
// 1. Directions. Selling's decomposition (LatticeStencil) writes
//    D = sum_k rho_k v_k v_k^T with rho_k >= 0 and lattice vectors v_k. With
//    b = grad L and D D^-1 = I,  b . grad tau = sum_k rho_k (v_k . D^-1 b)(v_k . grad tau),
//    so the operator is a sum of 1-D drift-diffusion operators, one per
//    direction:
//        sum_k rho_k [ tau'' - beta_k tau' ],   ' = d/ds along x + s v_k,
//        beta_k(s) = v_k . D^-1 grad L(x + s v_k).
//    No mixed derivative is discretised: an anisotropic (rotated) D only
//    changes the directions and weights, and the non-reversible drift
//    (D^-1 grad L is not a gradient unless D ~ I) is handled link by link.
//    A linear change of variables making D isotropic was the alternative;
//    it turns the rectangle and the escape half-planes into oblique shapes
//    on the grid and leaves the drift non-gradient anyway.
//
// 2. Exponential fitting (Scharfetter-Gummel / Il'in). Along one direction,
//    tau'' - beta tau' = e^Phi (e^-Phi tau')' with Phi' = beta. Taking the
//    flux e^-Phi tau' constant on each half-link (exact when beta is
//    constant there) gives, for the link to x + v and back to x - v,
//        rho [ B(Delta+) (tau(x+v) - tau(x)) + B(Delta-) (tau(x-v) - tau(x)) ],
//        B(z) = z / (e^z - 1) > 0,   Delta+- = Int_0^1 beta ds along the link to x +- v.
//    Every off-diagonal entry is positive and the diagonal is minus their
//    sum: an M-matrix for any h, so 0 <= tau_h and the discrete maximum
//    principle hold at any temperature. Where the drift is small,
//    B(z) = 1 - z/2 + z^2/12 - ... and the scheme is the central one plus
//    O(h^2): second order. Where it is large, it is upwind with the exact
//    exponential profile; for D = T I it is the discrete generator that
//    keeps the Gibbs weight exactly (detailed balance), the isotropic
//    divergence form e^(L/T) div(T e^(-L/T) grad tau) in flux form.
//    Delta is Simpson's rule on beta (node, midpoint, end): O(h^5) per link,
//    so the discrete Gibbs weights are exact to O(h^4).
//
// 3. The escape boundary (Shortley-Weller). A link whose far node is
//    absorbing is cut where it enters the escape set, at the fraction theta
//    of its length (EscapeRegion2D.entry); tau = 0 there, and the three-point
//    difference on the unequal arms theta+, theta- is
//        2 / (theta+ + theta-) [ F+ / theta+ + F- / theta- ],  F = B(Delta)(tau(end) - tau(x)),
//    Delta integrated over the cut link. Local error O(h) on the boundary
//    row only, O(h^2) globally, and still an M-matrix. Fractions are kept
//    above 1e-6 (the boundary moves by at most 1e-6 h).
//
// 4. Walls (KolmogorovGrid.reflected). A link leaving the rectangle goes to
//    the mirror image of its target, with its drift integrated along the
//    link to that image: the even extension of tau, n . grad tau = 0,
//    second order. For D diagonal in the rectangle's axes this is the
//    zero-flux condition n . D grad tau = 0; for D with xy != 0 the wall
//    reflects normally rather than along D n, a difference that only matters
//    where the Gibbs weight at the wall is not negligible.
//
// Rows are divided by their diagonal (unit diagonal, right-hand side 1/diag):
// the form GMRES and the multigrid smoother work with.

/// The discrete backward operator on one grid:
/// ```
/// M tau = 1,   (M tau)_x = sum_k rho_k 2/(a+ + a-) sum_(+-) B(Delta+-) (tau(x) - tau(x +- a+- v_k)) / a+-
/// ```
/// over the free (non-absorbing) nodes, with tau = 0 at escape-set crossings.
/// M is an M-matrix: M^-1 >= 0 entrywise.
struct KolmogorovOperator {
    let grid: KolmogorovGrid
    /// The unknown's number at each node i + nx j; -1 where the node is absorbing.
    let unknown: [Int32]
    /// Free nodes.
    let count: Int
    /// diag(M)^-1 M (unit diagonal), in GSL's compressed rows.
    let matrix: SparseMatrix
    /// diag(M) > 0.
    let diagonal: [Double]
    /// The start node's unknown.
    let start: Int

    /// Assembles M on `grid`.
    /// - Throws: `TheoryError.invalid` when the start is absorbing, no node is,
    ///   the gradient is not finite at a node, or the grid is too small for the stencil.
    init(gradient: (Double, Double) -> (Double, Double), diffusion: Diffusion2D,
         escape: EscapeRegion2D, grid: KolmogorovGrid) throws {
        let nx = grid.nx, ny = grid.ny
        var unknown = [Int32](repeating: -1, count: grid.nodes)
        var count = 0
        for j in 0..<ny {
            for i in 0..<nx where !escape.contains(grid.x(i), grid.y(j)) {
                unknown[i + nx * j] = Int32(count)
                count += 1
            }
        }
        guard unknown[grid.startNode] >= 0 else { throw TheoryError.invalid("the start lies in the escape region") }
        guard count < grid.nodes else {
            throw TheoryError.invalid("no grid node lies in the escape region: it must meet the rectangle")
        }
        var gx = [Double](repeating: 0, count: grid.nodes), gy = gx
        for j in 0..<ny {
            for i in 0..<nx {
                let g = gradient(grid.x(i), grid.y(j))
                (gx[i + nx * j], gy[i + nx * j]) = (g.0, g.1)
            }
        }

        let stencil = LatticeStencil(diffusion, hx: grid.hx, hy: grid.hy)
        var rowStart = [0], columns: [Int32] = [], values: [Double] = [], diagonal: [Double] = []
        rowStart.reserveCapacity(count + 1)
        columns.reserveCapacity(count * (1 + 2 * stencil.directions.count))
        values.reserveCapacity(columns.capacity)
        diagonal.reserveCapacity(count)
        var row: [(column: Int32, value: Double)] = []

        /// One side of a direction: the target node (nil: absorbing), the link w and its fraction theta.
        struct Side { let node: Int; let target: Int32?; let w: (x: Double, y: Double); let theta: Double }

        for j in 0..<ny {
            for i in 0..<nx {
                let here = i + nx * j
                guard unknown[here] >= 0 else { continue }
                let p = (x: grid.x(i), y: grid.y(j))
                guard gx[here].isFinite, gy[here].isFinite else {
                    throw TheoryError.invalid("the gradient is not finite at (\(p.x), \(p.y))")
                }
                row.removeAll(keepingCapacity: true)
                var sum = 0.0
                for direction in stencil.directions {
                    var sides: [Side] = []
                    for s in [1, -1] {
                        guard let t = grid.reflected(i + s * direction.offset.i, j + s * direction.offset.j) else {
                            throw TheoryError.invalid("the grid (\(nx) x \(ny) nodes) is too small for the diffusion stencil")
                        }
                        let node = t.i + nx * t.j
                        if node == here { continue }
                        let w = (x: grid.x(t.i) - p.x, y: grid.y(t.j) - p.y)
                        if unknown[node] >= 0 {
                            sides.append(Side(node: node, target: unknown[node], w: w, theta: 1))
                        } else {
                            sides.append(Side(node: node, target: nil, w: w, theta: escape.entry(from: p, along: w)))
                        }
                    }
                    let arms = sides.reduce(0) { $0 + $1.theta } + Double(2 - sides.count)
                    for side in sides {
                        // Delta = Int_0^theta w . D^-1 grad L(p + t w) dt by Simpson's rule.
                        let u = diffusion.solve(side.w), th = side.theta
                        func beta(_ t: Double) -> Double {
                            let g = gradient(p.x + t * side.w.x, p.y + t * side.w.y)
                            return u.x * g.0 + u.y * g.1
                        }
                        let start = u.x * gx[here] + u.y * gy[here]
                        let end = th == 1 ? u.x * gx[side.node] + u.y * gy[side.node] : beta(th)
                        let delta = th * (start + 4 * beta(th / 2) + end) / 6
                        guard delta.isFinite else {
                            throw TheoryError.invalid("the gradient is not finite near (\(p.x), \(p.y))")
                        }
                        let c = direction.weight * 2 / arms / th * Self.bernoulli(delta)
                        sum += c
                        guard let target = side.target else { continue }
                        if let k = row.firstIndex(where: { $0.column == target }) {
                            row[k].value -= c
                        } else {
                            row.append((target, -c))
                        }
                    }
                }
                guard sum > 0, sum.isFinite else {
                    throw TheoryError.invalid("the operator has no finite coupling at (\(p.x), \(p.y)): refine the grid")
                }
                columns.append(unknown[here])
                values.append(1)
                for e in row {
                    columns.append(e.column)
                    values.append(e.value / sum)
                }
                rowStart.append(values.count)
                diagonal.append(sum)
            }
        }
        self.grid = grid
        self.unknown = unknown
        self.count = count
        self.diagonal = diagonal
        self.start = Int(unknown[grid.startNode])
        matrix = SparseMatrix(rows: count, columns: count, rowStart: rowStart, columnIndex: columns, values: values)
    }

    /// B(z) = z / (e^z - 1), the Bernoulli function (B(0) = 1; B(z) -> 0 for
    /// z -> +inf, ~ -z for z -> -inf, without overflow).
    static func bernoulli(_ z: Double) -> Double {
        abs(z) < 1e-8 ? 1 - z / 2 : z / expm1(z)
    }

    /// The bilinear interpolation from `coarse` to `fine` (nested or covering
    /// grids, coarse spacing twice the fine), on the free unknowns; absorbing
    /// coarse nodes contribute their value 0.
    static func prolongation(from coarse: KolmogorovOperator, to fine: KolmogorovOperator) -> SparseMatrix {
        let c = coarse.grid, f = fine.grid
        var rowStart = [0], columns: [Int32] = [], values: [Double] = []
        for j in 0..<f.ny {
            let (cj, wj) = KolmogorovGrid.parent(j, fineOffset: f.below, coarseOffset: c.below)
            for i in 0..<f.nx where fine.unknown[i + f.nx * j] >= 0 {
                let (ci, wi) = KolmogorovGrid.parent(i, fineOffset: f.left, coarseOffset: c.left)
                for (b, vb) in [(cj, 1 - wj), (cj + 1, wj)] where vb > 0 {
                    for (a, va) in [(ci, 1 - wi), (ci + 1, wi)] where va > 0 {
                        let k = coarse.unknown[a + c.nx * b]
                        if k >= 0 {
                            columns.append(k)
                            values.append(va * vb)
                        }
                    }
                }
                rowStart.append(values.count)
            }
        }
        return SparseMatrix(rows: fine.count, columns: coarse.count, rowStart: rowStart, columnIndex: columns, values: values)
    }
}
