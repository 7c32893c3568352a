@testable import EscapeLab
import Foundation
import Testing

/// The 2-D backward Kolmogorov solver against exact 1-D and radial
/// quadratures, its own error bound, and its convergence order.
@Suite struct KolmogorovPDETests {
    /// L(x, y) = (x^2 - 1)^2 + kappa y^2 / 2: the double well (barrier 1,
    /// minima at x = +-1) plus a harmonic valley in y. Escape at x >= 1 from (-1, y0).
    static let kappa = 4.0
    static func gradient(_ x: Double, _ y: Double) -> (Double, Double) { (4 * x * (x * x - 1), kappa * y) }
    static let strip = BackwardKolmogorov2D.Rectangle(x: -2...1.2, y: -1...1)

    /// The 1-D exact time (GSL quadrature, checked to 1e-9 against mpmath in
    /// TheoryQuadratureTests) at temperature t, reflecting at xL.
    static func exact(_ t: Double, reflecting xL: Double? = -2) throws -> Double {
        try MeanFirstPassage.time(potential: { ($0 * $0 - 1) * ($0 * $0 - 1) }, temperature: t,
                                  from: -1, to: 1, reflecting: xL).time
    }

    /// The separable problem: 256 cells along x (spacings 0.05, 0.025,
    /// 0.0125, so the wall at x = -2 is a node), 16 across y (D diagonal
    /// keeps the discrete solution independent of y, so y needs little resolution).
    static func separable(_ d: Diffusion2D, startY: Double = 0) throws -> BackwardKolmogorov2D.Result {
        try BackwardKolmogorov2D.meanExitTime(gradient: gradient, diffusion: d, domain: strip,
                                              escape: .coordinateAtLeast(0, 1), start: (-1, startY),
                                              grids: .init(cellsX: 256, cellsY: 16))
    }

    /// tau(x, y) = tau_1D(x) for L separable and D = diag(T, T'): it depends
    /// neither on y nor on T'. The bound must cover both the extrapolated and
    /// the finest grid's value, and be below 1e-3 relative.
    @Test(arguments: [3.0, 5.0, 8.0])
    func separableLandscapeMatchesTheOneDimensionalTime(barrierOverT r: Double) throws {
        let t = 1 / r
        let exact = try Self.exact(t)
        let iso = try Self.separable(.isotropic(t))
        let finest = try #require(iso.grids.last).time
        #expect(iso.isAsymptotic && abs(iso.order - 2) < 0.1, "order \(iso.order)")
        #expect(abs(iso.time / exact - 1) < 1e-3)
        #expect(abs(iso.time - exact) <= iso.error, "\(iso.time) vs \(exact) +- \(iso.error)")
        #expect(abs(finest - exact) <= iso.error, "finest \(finest) vs \(exact) +- \(iso.error)")
        #expect(iso.error < 1e-3 * exact)
        // Off the valley floor and with three times the diffusion across it:
        // the same time, to the certified algebraic error (~1e-7).
        let shifted = try Self.separable(.isotropic(t), startY: 0.5)
        let aniso = try Self.separable(Diffusion2D(xx: t, yy: 3 * t))
        #expect(abs(shifted.time / iso.time - 1) < 1e-6, "y0 = 0.5: \(shifted.time) vs \(iso.time)")
        #expect(abs(aniso.time / iso.time - 1) < 1e-6, "T' = 3T: \(aniso.time) vs \(iso.time)")
    }

    /// A wall where the Gibbs weight is not negligible (L(-1.4) = 0.92: 6% of
    /// the basin's peak weight at barrier/T 3) shortens tau by 0.6%, over
    /// thirty times the error bound; the mirror-image wall reproduces the 1-D
    /// formula's reflecting boundary within the bound.
    @Test func reflectingWallMatchesTheOneDimensionalTime() throws {
        let t = 1.0 / 3
        let walled = try Self.exact(t, reflecting: -1.4), free = try Self.exact(t, reflecting: nil)
        let res = try BackwardKolmogorov2D.meanExitTime(gradient: Self.gradient, diffusion: .isotropic(t),
                                                        domain: .init(x: -1.4...1.2, y: -1...1),
                                                        escape: .coordinateAtLeast(0, 1), start: (-1, 0),
                                                        grids: .init(cellsX: 208, cellsY: 8))
        #expect(res.grids.map(\.cellsX) == [52, 104, 208])   // the wall at -1.4 is a node of every grid
        #expect(abs(res.time - walled) <= res.error, "\(res.time) vs \(walled) +- \(res.error)")
        #expect(abs(walled - free) > 20 * res.error)
    }

    /// The separable problem rotated by 30 degrees: L(R^T z), D = R diag(T, 2T) R^T
    /// (off-diagonal, so Selling's stencil uses a diagonal direction), escape at
    /// the oblique half-plane n . z >= 1 (boundary cut at varying fractions),
    /// on the bounding box of the rotated [-2.2, 1.2] x [-2, 2]. Same tau as
    /// the 1-D formula and as the unrotated solver, within the bounds.
    @Test(arguments: [3.0, 5.0, 8.0])
    func rotatedFrameGivesTheSameTime(barrierOverT r: Double) throws {
        let t = 1 / r, a = Double.pi / 6, c = cos(a), s = sin(a)
        let rotated: (Double, Double) -> (Double, Double) = { x, y in
            let (gu, gw) = Self.gradient(c * x + s * y, -s * x + c * y)
            return (c * gu - s * gw, s * gu + c * gw)
        }
        let corners = [(-2.2, -2.0), (-2.2, 2.0), (1.2, -2.0), (1.2, 2.0)].map { (c * $0.0 - s * $0.1, s * $0.0 + c * $0.1) }
        let box = BackwardKolmogorov2D.Rectangle(x: corners.map(\.0).min()!...corners.map(\.0).max()!,
                                                 y: corners.map(\.1).min()!...corners.map(\.1).max()!)
        let res = try BackwardKolmogorov2D.meanExitTime(gradient: rotated, diffusion: Diffusion2D(xx: t, yy: 2 * t).rotated(by: a),
                                                        domain: box, escape: .halfPlane(normal: (c, s), offset: 1),
                                                        start: (-c, -s), grids: .square(192, on: box))
        let exact = try Self.exact(t, reflecting: nil)
        let plain = try Self.separable(Diffusion2D(xx: t, yy: 2 * t))
        #expect(abs(res.time / exact - 1) < 1e-3)
        #expect(abs(res.time - exact) <= res.error, "\(res.time) vs \(exact) +- \(res.error)")
        #expect(abs(res.time - plain.time) <= res.error + plain.error)
        #expect(res.error < 1e-3 * exact)
    }

    /// Second order: on five grids (32 to 512 cells) every consecutive triple
    /// of the separable problem gives p = log2(d1 / d2) within 0.05 of 2.
    @Test func convergesAtSecondOrder() throws {
        let res = try BackwardKolmogorov2D.meanExitTime(gradient: Self.gradient, diffusion: .isotropic(0.2), domain: Self.strip,
                                                        escape: .coordinateAtLeast(0, 1), start: (-1, 0),
                                                        grids: .init(cellsX: 512, cellsY: 32, levels: 5))
        let tau = res.grids.map(\.time)
        for k in 0..<(tau.count - 2) {
            let p = log2((tau[k] - tau[k + 1]) / (tau[k + 1] - tau[k + 2]))
            #expect(abs(p - 2) < 0.05, "grids \(k)...\(k + 2): order \(p)")
        }
    }

    /// A non-reversible problem (D^-1 grad L is not a gradient: a tilted
    /// valley L = (x^2 - 1)^2 + kappa (y - x/2)^2 / 2 with a sheared D) has
    /// no closed form; it must still converge at about second order, and the
    /// 128-cell answer must agree with the 256-cell one within the two bounds.
    @Test func nonReversibleDynamicsConvergeAtSecondOrder() throws {
        let t = 0.2
        let g: (Double, Double) -> (Double, Double) = { x, y in
            let v = Self.kappa * (y - x / 2)
            return (4 * x * (x * x - 1) - v / 2, v)
        }
        let d = Diffusion2D(xx: t, xy: 0.3 * t, yy: 2 * t)
        let box = BackwardKolmogorov2D.Rectangle(x: -2.2...1.2, y: -2.4...2.4)
        func run(_ cells: Int) throws -> BackwardKolmogorov2D.Result {
            try BackwardKolmogorov2D.meanExitTime(gradient: g, diffusion: d, domain: box, escape: .coordinateAtLeast(0, 1),
                                                  start: (-1, -0.5), grids: .square(cells, on: box))
        }
        let coarse = try run(128), fine = try run(256)
        #expect(fine.isAsymptotic && abs(fine.order - 2) < 0.3, "order \(fine.order)")
        #expect(abs(coarse.time - fine.time) <= coarse.error + fine.error, "\(coarse.time) +- \(coarse.error) vs \(fine.time) +- \(fine.error)")
    }

    /// Exit of the isotropic Ornstein-Uhlenbeck process (L = |x|^2 / 2, D = T I)
    /// from the unit disc around its centre: radially,
    /// tau(0) = Int_0^1 (e^(r^2 / 2T) - 1) / r dr. A curved escape boundary.
    @Test func discExitMatchesTheRadialFormula() throws {
        let t = 0.2
        let exact = try Quadrature.integrate({ r in r == 0 ? 0 : expm1(r * r / (2 * t)) / r }, from: 0, to: 1)
        let box = BackwardKolmogorov2D.Rectangle(x: -1.2...1.2, y: -1.2...1.2)
        let res = try BackwardKolmogorov2D.meanExitTime(gradient: { ($0, $1) }, diffusion: .isotropic(t), domain: box,
                                                        escape: .outsideDisc(center: (0, 0), radius: 1), start: (0, 0),
                                                        grids: .square(128, on: box))
        #expect(abs(res.time / exact - 1) < 1e-3)
        #expect(abs(res.time - exact) <= res.error, "\(res.time) vs \(exact) +- \(res.error)")
    }

    /// A solve that misses its tolerance throws; it never returns the number it had.
    @Test func nonConvergenceIsAnError() throws {
        var oneCycle = BackwardKolmogorov2D.Solver()
        oneCycle.maxCycles = 1
        var weakCoarse = BackwardKolmogorov2D.Solver()
        weakCoarse.coarseRestart = 2
        weakCoarse.coarseCycles = 1
        for solver in [oneCycle, weakCoarse] {
            #expect(throws: ConvergenceError.self) {
                try BackwardKolmogorov2D.meanExitTime(gradient: Self.gradient, diffusion: .isotropic(0.2), domain: Self.strip,
                                                      escape: .coordinateAtLeast(0, 1), start: (-1, 0),
                                                      grids: .init(cellsX: 64, cellsY: 8), solver: solver)
            }
        }
    }

    @Test func invalidProblemsAreRejected() {
        func run(_ d: Diffusion2D = .isotropic(0.2), escape: EscapeRegion2D = .coordinateAtLeast(0, 1),
                 start: (x: Double, y: Double) = (-1, 0)) throws {
            _ = try BackwardKolmogorov2D.meanExitTime(gradient: Self.gradient, diffusion: d, domain: Self.strip,
                                                      escape: escape, start: start, grids: .init(cellsX: 64, cellsY: 8))
        }
        #expect(throws: TheoryError.self) { try run(Diffusion2D(xx: 1, xy: 2, yy: 1)) }   // not positive definite
        #expect(throws: TheoryError.self) { try run(escape: .coordinateAtLeast(0, -2)) }  // the start escapes
        #expect(throws: TheoryError.self) { try run(escape: .coordinateAtLeast(0, 5)) }   // no node escapes
        #expect(throws: TheoryError.self) { try run(start: (3, 0)) }                      // outside the rectangle
    }

    /// Selling's decomposition rebuilds D exactly from non-negative weights
    /// and integer offsets, for anisotropy up to 1000 at any angle and unequal spacings.
    @Test func sellingDecompositionRebuildsTheDiffusion() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<200 {
            let ratio = pow(10, 3 * rng.uniform()), angle = Double.pi * rng.uniform()
            let d = Diffusion2D(xx: 1, yy: ratio).rotated(by: angle)
            let hx = 0.5 + rng.uniform(), hy = 0.5 + rng.uniform()
            let stencil = LatticeStencil(d, hx: hx, hy: hy)
            var sum = (xx: 0.0, xy: 0.0, yy: 0.0)
            for e in stencil.directions {
                #expect(e.weight > 0)
                let v = (Double(e.offset.i) * hx, Double(e.offset.j) * hy)
                sum = (sum.xx + e.weight * v.0 * v.0, sum.xy + e.weight * v.0 * v.1, sum.yy + e.weight * v.1 * v.1)
            }
            let scale = d.xx + d.yy
            #expect(abs(sum.xx - d.xx) < 1e-12 * scale && abs(sum.xy - d.xy) < 1e-12 * scale && abs(sum.yy - d.yy) < 1e-12 * scale)
        }
    }

    /// A coarse grid that does not resolve the valley (hy = 1 where the
    /// valley's width at T = 1/8 is 0.18; start at y = 0.5) makes even the
    /// two-grid cycle stall; the fine grid is then solved by GMRES alone, and
    /// gives the same tau as with hy = 0.25 (tau depends on hx only).
    @Test func unresolvedCoarseGridFallsBackToGMRES() throws {
        let t = 1.0 / 8
        func op(_ hy: Double) throws -> (KolmogorovOperator, KolmogorovOperator) {
            let g = KolmogorovGrid(start: (-1, 0.5), hx: 0.05, hy: hy, covering: Self.strip.x, Self.strip.y)
            func assemble(_ g: KolmogorovGrid) throws -> KolmogorovOperator {
                try KolmogorovOperator(gradient: Self.gradient, diffusion: .isotropic(t), escape: .coordinateAtLeast(0, 1), grid: g)
            }
            return (try assemble(g), try assemble(g.refined()))
        }
        var times: [Double] = []
        for hy in [1.0, 0.25] {
            let (coarse, fine) = try op(hy)
            let mg = KolmogorovMultigrid(levels: [coarse, fine], settings: .init())
            let s0 = try mg.solve(level: 0, from: mg.zeros(0))
            let s1 = try mg.solve(level: 1, from: mg.interpolate(s0.values, from: 0))
            #expect(s1.residual <= 1e-6)
            #expect(mg.directSolves == (hy == 1 ? 2 : 1))   // level 0 always; level 1 only unresolved
            times.append(s1.values[fine.start])
        }
        #expect(abs(times[0] / times[1] - 1) < 1e-6, "\(times)")
    }
}
