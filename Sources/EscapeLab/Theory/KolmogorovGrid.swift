// The grids of the PDE reference: regular, with the start point on a node.
//
// Nodes sit at start + ((i - left) hx, (j - below) hy), i in 0...left+right,
// j in 0...below+above, so the start is node (left, below) on every grid and
// tau there needs no interpolation (interpolation would add an O(h^2) error
// whose coefficient changes from grid to grid with the start's position in
// its cell, and spoil the Richardson extrapolation). Halving the spacing and
// doubling the counts keeps the rectangle and nests the grids; coarsening
// (for the multigrid levels below the coarsest reported grid) rounds the
// counts up, so a coarse grid covers its fine grid's rectangle.
//
// Walls. The rectangle's edges are reflecting. A jump of the discrete
// operator that leaves the rectangle lands on the mirror image of its
// target (`reflected`): the even extension of tau across the wall, the
// ghost-node form of n . grad tau = 0, second-order accurate.

/// A regular grid with the start point on node (left, below).
struct KolmogorovGrid: Equatable {
    let startX: Double
    let startY: Double
    let hx: Double
    let hy: Double
    /// Cells from the start to the left, right, lower and upper wall.
    let left: Int
    let right: Int
    let below: Int
    let above: Int

    var nx: Int { left + right + 1 }
    var ny: Int { below + above + 1 }
    var nodes: Int { nx * ny }

    /// The node with the start, as a linear index (i + nx j).
    var startNode: Int { left + nx * below }

    func x(_ i: Int) -> Double { startX + Double(i - left) * hx }
    func y(_ j: Int) -> Double { startY + Double(j - below) * hy }

    /// The smallest grid of spacings (hx, hy) through the start that covers
    /// [x0, x1] x [y0, y1] (each wall moves out by less than one spacing).
    init(start: (x: Double, y: Double), hx: Double, hy: Double, covering x: ClosedRange<Double>, _ y: ClosedRange<Double>) {
        func cells(_ d: Double, _ h: Double) -> Int { max(0, Int((d / h - 1e-9).rounded(.up))) }
        self.init(startX: start.x, startY: start.y, hx: hx, hy: hy,
                  left: cells(start.x - x.lowerBound, hx), right: cells(x.upperBound - start.x, hx),
                  below: cells(start.y - y.lowerBound, hy), above: cells(y.upperBound - start.y, hy))
    }

    init(startX: Double, startY: Double, hx: Double, hy: Double, left: Int, right: Int, below: Int, above: Int) {
        self.startX = startX
        self.startY = startY
        self.hx = hx
        self.hy = hy
        self.left = left
        self.right = right
        self.below = below
        self.above = above
    }

    /// Spacings halved, same rectangle: every node of `self` is a node of the result.
    func refined() -> KolmogorovGrid {
        KolmogorovGrid(startX: startX, startY: startY, hx: hx / 2, hy: hy / 2,
                       left: 2 * left, right: 2 * right, below: 2 * below, above: 2 * above)
    }

    /// Spacings doubled, counts rounded up: covers `self`'s rectangle.
    func coarsened() -> KolmogorovGrid {
        KolmogorovGrid(startX: startX, startY: startY, hx: 2 * hx, hy: 2 * hy,
                       left: (left + 1) / 2, right: (right + 1) / 2, below: (below + 1) / 2, above: (above + 1) / 2)
    }

    /// Node (i, j) folded back into the grid by mirroring in the walls it
    /// lies beyond; nil when a fold is not enough (an offset longer than the grid).
    func reflected(_ i: Int, _ j: Int) -> (i: Int, j: Int)? {
        func fold(_ k: Int, _ n: Int) -> Int? {
            let m = k < 0 ? -k : (k > n - 1 ? 2 * (n - 1) - k : k)
            return m >= 0 && m <= n - 1 ? m : nil
        }
        guard let a = fold(i, nx), let b = fold(j, ny) else { return nil }
        return (a, b)
    }

    /// Where fine node index `k` along one axis sits on the coarser grid:
    /// (lower coarse index, weight of the upper one: 0 or 1/2).
    static func parent(_ k: Int, fineOffset: Int, coarseOffset: Int) -> (Int, Double) {
        let a = k - fineOffset   // cells from the start on the fine grid
        let lower = Int((Double(a) / 2).rounded(.down))
        return (lower + coarseOffset, a - 2 * lower == 0 ? 0 : 0.5)
    }
}
