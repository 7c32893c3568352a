// The geometry behind splitting's default reaction coordinate: each way out
// of the start basin as a polyline start -> saddle -> the escape set's point
// nearest that saddle. Everything here runs once, at set-up, on arrays.
//
// A landscape with several equivalent exits (`exitCount > 1`) must list their
// saddles (`exitSaddles`); the coordinate is then the largest progress along
// any of them (DESIGN of issue 8, section 8.4: a one-exit coordinate stays
// unbiased but is 3-5 times noisier and degrades with the barrier).

/// One way out of the start basin: the start, the saddle it goes through
/// (nil when the start is the saddle or the landscape names none) and the
/// point of the escape set nearest that saddle (or the start).
public struct ExitPath: Sendable, Equatable {
    public let start: [Double]
    public let saddle: [Double]?
    public let target: [Double]

    /// The exits of `landscape` from `start` to the set `escape` describes;
    /// nil when the escape set has no nearest point to aim at (`none`,
    /// `radius=R` seen from its own centre, `loss>=V` above a saddle's loss).
    public static func paths<L: Landscape>(_ landscape: L, start: [Double], escape: EscapeCriterion) -> [ExitPath]? {
        let saddles = landscape.exitSaddles
        guard saddles.count == (saddles.isEmpty ? 0 : landscape.exitCount) else { return nil }
        if saddles.isEmpty {
            return nearest(from: start, start: start, escape: escape).map { [ExitPath(start: start, saddle: nil, target: $0)] }
        }
        var paths: [ExitPath] = []
        for s in saddles {
            let via = s == start ? nil : s
            if case let .lossAtLeast(v) = escape {
                // The escape set is met on the way up: the first point of
                // start -> saddle whose loss reaches v.
                guard let via, landscape.loss(at: via) >= v, landscape.loss(at: start) < v else { return nil }
                paths.append(ExitPath(start: start, saddle: nil, target: bisect(landscape, from: start, to: via, level: v)))
                continue
            }
            guard let target = nearest(from: s, start: start, escape: escape) else { return nil }
            paths.append(ExitPath(start: start, saddle: via, target: target))
        }
        return paths
    }

    /// The point of the escape set nearest `p` (p itself when it is inside).
    static func nearest(from p: [Double], start: [Double], escape: EscapeCriterion) -> [Double]? {
        var q = p
        switch escape {
        case let .coordinateAtLeast(i, c): q[i] = max(q[i], c)
        case let .coordinateAtMost(i, c): q[i] = min(q[i], c)
        case let .magnitudeAtLeast(i, c): q[i] = q[i] >= 0 ? max(q[i], c) : min(q[i], -c)
        case let .minimumAtMost(c):
            let i = q.indices.min { q[$0] < q[$1] }!
            q[i] = min(q[i], c)
        case let .maximumAtLeast(c):
            let i = q.indices.max { q[$0] < q[$1] }!
            q[i] = max(q[i], c)
        case let .radius(r):
            let d = zip(p, start).map { $0 - $1 }
            let n = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard n > 0 else { return nil }   // every direction is as near
            if n < r { q = zip(start, d).map { $0 + $1 * r / n } }
        case .lossAtLeast, .never:
            return nil
        }
        return q
    }

    /// A point of a -> b where the loss reaches `level` (L(a) < level <= L(b)),
    /// by bisection on the segment's parameter (60 halvings: to rounding).
    static func bisect<L: Landscape>(_ landscape: L, from a: [Double], to b: [Double], level: Double) -> [Double] {
        func point(_ t: Double) -> [Double] { zip(a, b).map { $0 + t * ($1 - $0) } }
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if landscape.loss(at: point(mid)) >= level { hi = mid } else { lo = mid }
        }
        return point(hi)
    }
}
