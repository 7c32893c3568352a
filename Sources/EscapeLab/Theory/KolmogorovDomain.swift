import Foundation

// The reflecting rectangle of a 2-D mean-exit-time problem, chosen from the
// landscape, the diffusion and the escape set alone.
//
// Why walls of height M lambda_max are enough. For dX = -grad L dt + sqrt(2D) dW
// with D <= lambda_max I, the Freidlin-Wentzell action of any path from the
// basin's bottom (loss L_ref) to a point where L = L_ref + Delta is
//     S = 1/4 Int |x' + grad L|^2_(D^-1) dt >= 1/(4 lambda_max) Int |x' + grad L|^2 dt
//       >= 1/lambda_max Int grad L . x' dt = Delta / lambda_max,
// since |a + b|^2 >= 4 a . b. So the quasi-potential of every wall point is
// at least M when the wall's loss exceeds L_ref by M lambda_max, and paths
// reach the wall with probability ~e^-M per escape attempt: the wall moves tau
// by a relative e^-M or so (KolmogorovPDETests measures 0.6% for a wall at
// e^-2.8 of the basin's weight). With M = 15 (e^-15 = 3e-7) the wall's effect
// is far below the grid error bounds the solver reaches (1e-5 to 1e-3).
// This holds for anisotropic, non-reversible dynamics too.

/// The reflecting rectangle for ``KolmogorovEstimate``: grown from the box
/// around the start and the escape set's nearest points until every wall is
/// absorbing or confining,
/// ```
/// wall absorbing:  every sampled wall point lies in the escape set E;
/// wall confining:  min over wall points outside E of L  >=  L_ref + M lambda_max(D),
/// ```
/// L_ref the least loss sampled in the box outside E, M = ``margin``. The
/// walls grow in steps of a quarter of the box; then each confining wall is
/// pulled back (bisection, 129 samples per wall) to the innermost position
/// that is still confining plus 2% of the box, and each absorbing wall to 6% of the box beyond the innermost absorbing
/// position, so little of the grid is wasted.
public enum KolmogorovDomain {
    /// M: walls at least M lambda_max(D) above the basin's bottom (quasi-potential >= M).
    public static let margin = 15.0

    /// The rectangle, or nil when 60 growth steps leave a wall neither absorbing nor
    /// confining (the loss does not confine the dynamics outside the escape set).
    /// - Parameters:
    ///   - loss: L(x, y).
    ///   - lambda: lambda_max(D) > 0 (argument label `largestDiffusion`).
    ///   - escape: the absorbing set E (not containing the start).
    ///   - start: the start point.
    ///   - scale: the initial half-width of the box (the distance to E where known).
    ///   - include: points the box must contain with a margin (E's nearest points:
    ///     the walls never stop short of the escape set).
    public static func rectangle(loss: (Double, Double) -> Double, largestDiffusion lambda: Double,
                                 escape: EscapeRegion2D, start: (x: Double, y: Double),
                                 scale: Double, include: [(x: Double, y: Double)] = []) -> BackwardKolmogorov2D.Rectangle? {
        let w = max(scale, 1e-6) / 4
        // lo[axis], hi[axis]; a wall is (axis, upper?). The core: start and
        // `include`, widened by 6% (at least w) on every side.
        let points = [start] + include
        var lo = [points.map(\.x).min()!, points.map(\.y).min()!], hi = [points.map(\.x).max()!, points.map(\.y).max()!]
        for axis in 0..<2 {
            let pad = max(0.06 * (hi[axis] - lo[axis]), w)
            lo[axis] -= pad
            hi[axis] += pad
        }
        let core = (lo: lo, hi: hi)
        let samples = 128
        func point(_ axis: Int, _ at: Double, _ t: Double) -> (Double, Double) {
            axis == 0 ? (at, lo[1] + (hi[1] - lo[1]) * t) : (lo[0] + (hi[0] - lo[0]) * t, at)
        }
        func wallPoints(_ axis: Int, _ at: Double) -> [(Double, Double)] {
            (0...samples).map { point(axis, at, Double($0) / Double(samples)) }
        }
        func absorbing(_ axis: Int, _ at: Double) -> Bool {
            wallPoints(axis, at).allSatisfy { escape.contains($0.0, $0.1) }
        }
        func referenceLoss() -> Double {
            var m = loss(start.x, start.y)
            for i in 0...samples {
                for j in 0...samples {
                    let x = lo[0] + (hi[0] - lo[0]) * Double(i) / Double(samples)
                    let y = lo[1] + (hi[1] - lo[1]) * Double(j) / Double(samples)
                    if !escape.contains(x, y) { m = min(m, loss(x, y)) }
                }
            }
            return m
        }
        var done = false
        for _ in 0..<60 {
            let threshold = referenceLoss() + margin * lambda
            done = true
            for axis in 0..<2 {
                for upper in [false, true] {
                    let at = upper ? hi[axis] : lo[axis]
                    if absorbing(axis, at) { continue }
                    let wallMin = wallPoints(axis, at).filter { !escape.contains($0.0, $0.1) }
                        .map { loss($0.0, $0.1) }.min() ?? .infinity
                    guard !(wallMin >= threshold) else { continue }
                    done = false
                    let step = max(0.25 * (hi[axis] - lo[axis]), w)
                    if upper { hi[axis] += step } else { lo[axis] -= step }
                }
            }
            if done { break }
        }
        guard done, lo.allSatisfy(\.isFinite), hi.allSatisfy(\.isFinite) else { return nil }
        // Pull the walls back towards the start: bisect for the innermost
        // confining (absorbing) position; absorbing walls then keep a margin
        // of 6% of the extent (a few coarsest-grid cells, so the escape set
        // holds nodes of every grid).
        let threshold = referenceLoss() + margin * lambda
        func confining(_ axis: Int, _ at: Double) -> Bool {
            let m = wallPoints(axis, at).filter { !escape.contains($0.0, $0.1) }.map { loss($0.0, $0.1) }.min() ?? .infinity
            return m >= threshold
        }
        for axis in 0..<2 {
            for upper in [false, true] {
                let s = axis == 0 ? start.x : start.y
                let at = upper ? hi[axis] : lo[axis]
                let isAbsorbing = absorbing(axis, at)
                guard isAbsorbing || confining(axis, at) else { continue }
                let coreBound = upper ? core.hi[axis] : core.lo[axis]
                var (inside, outside) = (isAbsorbing ? s : coreBound, at)
                guard isAbsorbing || (upper ? at > coreBound : at < coreBound) else { continue }
                for _ in 0..<40 {
                    let mid = (inside + outside) / 2
                    if isAbsorbing ? absorbing(axis, mid) : confining(axis, mid) { outside = mid } else { inside = mid }
                }
                guard isAbsorbing else {
                    // 2% of the extent further out: the wall's minimum may fall between samples.
                    let padded = outside + (upper ? 1 : -1) * 0.02 * (hi[axis] - lo[axis])
                    if upper { hi[axis] = min(hi[axis], padded) } else { lo[axis] = max(lo[axis], padded) }
                    continue
                }
                let extent = hi[axis] - lo[axis]
                let pulled = outside + (upper ? 1 : -1) * 0.06 * extent
                if upper { hi[axis] = min(hi[axis], pulled) } else { lo[axis] = max(lo[axis], pulled) }
            }
        }
        return BackwardKolmogorov2D.Rectangle(x: lo[0]...hi[0], y: lo[1]...hi[1])
    }
}
