import Foundation

/// The absorbing set of a 2-D mean first-passage problem: tau = 0 on it.
///
/// The cases mirror ``EscapeCriterion`` (coordinates numbered from 0), plus a
/// general half-plane and any predicate:
/// ```
/// coordinateAtLeast(i, c):  x_i >= c          coordinateAtMost(i, c): x_i <= c
/// minimumAtMost(c):  min(x_0, x_1) <= c        maximumAtLeast(c): max(x_0, x_1) >= c
/// outsideDisc(center, R):  |x - center| >= R   (criterion radius=R: center = start)
/// halfPlane(normal n, offset c):  n . x >= c
/// predicate(f):  f(x_0, x_1)
/// ```
/// The grid needs where a segment enters the set; the shapes above give it in
/// closed form, a predicate by bisection (its boundary located to 2^-50 of a
/// grid spacing, assuming the segment enters once).
public enum EscapeRegion2D {
    case coordinateAtLeast(Int, Double)
    case coordinateAtMost(Int, Double)
    case minimumAtMost(Double)
    case maximumAtLeast(Double)
    case outsideDisc(center: (x: Double, y: Double), radius: Double)
    case halfPlane(normal: (x: Double, y: Double), offset: Double)
    case predicate((Double, Double) -> Bool)

    /// Whether the point (x, y) is absorbing.
    public func contains(_ x: Double, _ y: Double) -> Bool {
        switch self {
        case let .coordinateAtLeast(i, c): return (i == 0 ? x : y) >= c
        case let .coordinateAtMost(i, c): return (i == 0 ? x : y) <= c
        case let .minimumAtMost(c): return min(x, y) <= c
        case let .maximumAtLeast(c): return max(x, y) >= c
        case let .outsideDisc(o, r): return (x - o.x) * (x - o.x) + (y - o.y) * (y - o.y) >= r * r
        case let .halfPlane(n, c): return n.x * x + n.y * y >= c
        case let .predicate(f): return f(x, y)
        }
    }

    /// Checks the parameters: a coordinate index 0 or 1, finite numbers, R > 0, n != 0.
    func validate() throws {
        func bad(_ why: String) -> TheoryError { .invalid("escape region: \(why)") }
        switch self {
        case let .coordinateAtLeast(i, c), let .coordinateAtMost(i, c):
            guard i == 0 || i == 1 else { throw bad("coordinate index \(i) is not 0 or 1") }
            guard c.isFinite else { throw bad("threshold \(c) is not finite") }
        case let .minimumAtMost(c), let .maximumAtLeast(c):
            guard c.isFinite else { throw bad("threshold \(c) is not finite") }
        case let .outsideDisc(o, r):
            guard o.x.isFinite, o.y.isFinite, r.isFinite, r > 0 else { throw bad("disc centre and radius must be finite, R > 0") }
        case let .halfPlane(n, c):
            guard n.x.isFinite, n.y.isFinite, c.isFinite, n.x != 0 || n.y != 0 else { throw bad("half-plane needs a finite normal != 0") }
        case .predicate:
            break
        }
    }

    /// The fraction t in (0, 1] at which p + t w first lies in the set, for p
    /// outside it and p + w inside; at least 1e-6 (see the assembly).
    func entry(from p: (x: Double, y: Double), along w: (x: Double, y: Double)) -> Double {
        // The half-plane a . x >= c, entered where a . (p + t w) = c.
        func plane(_ a: (x: Double, y: Double), _ c: Double) -> Double {
            let rate = a.x * w.x + a.y * w.y
            guard rate > 0 else { return .infinity }
            return (c - (a.x * p.x + a.y * p.y)) / rate
        }
        let t: Double
        switch self {
        case let .coordinateAtLeast(i, c): t = plane(i == 0 ? (1, 0) : (0, 1), c)
        case let .coordinateAtMost(i, c): t = plane(i == 0 ? (-1, 0) : (0, -1), -c)
        case let .minimumAtMost(c): t = min(plane((-1, 0), -c), plane((0, -1), -c))
        case let .maximumAtLeast(c): t = min(plane((1, 0), c), plane((0, 1), c))
        case let .halfPlane(n, c): t = plane(n, c)
        case let .outsideDisc(o, r):
            // |d + t w|^2 = R^2 with d = p - o inside the disc: the positive root.
            let d = (x: p.x - o.x, y: p.y - o.y)
            let a = w.x * w.x + w.y * w.y, b = d.x * w.x + d.y * w.y, c = d.x * d.x + d.y * d.y - r * r
            t = (-b + (b * b - a * c).squareRoot()) / a
        case let .predicate(f):
            var (lo, hi) = (0.0, 1.0)
            for _ in 0..<50 {
                let mid = (lo + hi) / 2
                if f(p.x + mid * w.x, p.y + mid * w.y) { hi = mid } else { lo = mid }
            }
            t = hi
        }
        return t.isFinite ? min(max(t, 1e-6), 1) : 1
    }
}
