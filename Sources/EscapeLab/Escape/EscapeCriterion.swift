import Foundation

/// When a trajectory counts as escaped. Checked after every step.
///
/// Spec forms (`--escape`): `xI>=C`, `xI<=C` (coordinate I, from 0),
/// `|xI|>=C` (coordinate I out of (-C, C): either side of a symmetric saddle), `min<=C` (some coordinate <= C), `max>=C` (some coordinate >= C),
/// `radius=R` (Euclidean distance from the start >= R), `loss>=V`, and
/// `none` (never: every run goes to max-steps, e.g. to sample a stationary law).
public enum EscapeCriterion: Equatable, Sendable {
    case coordinateAtLeast(Int, Double)
    case coordinateAtMost(Int, Double)
    /// |x_I| >= C (C > 0).
    case magnitudeAtLeast(Int, Double)
    case minimumAtMost(Double)
    case maximumAtLeast(Double)
    case radius(Double)
    case lossAtLeast(Double)
    /// Never escape (spec `none`; not named `.none`, which Optional claims).
    case never

    /// The canonical spec text.
    public var spec: String {
        switch self {
        case let .coordinateAtLeast(i, c): return "x\(i)>=\(c.compact)"
        case let .coordinateAtMost(i, c): return "x\(i)<=\(c.compact)"
        case let .magnitudeAtLeast(i, c): return "|x\(i)|>=\(c.compact)"
        case let .minimumAtMost(c): return "min<=\(c.compact)"
        case let .maximumAtLeast(c): return "max>=\(c.compact)"
        case let .radius(r): return "radius=\(r.compact)"
        case let .lossAtLeast(v): return "loss>=\(v.compact)"
        case .never: return "none"
        }
    }

    /// Parses an escape spec for a landscape of the given dimension.
    public init(parsing text: String, dimension: Int) throws {
        let accepted = "xI>=C, xI<=C, |xI|>=C (I in 0..<\(dimension), C > 0 for |xI|), min<=C, max>=C, radius=R (R > 0), loss>=V, or none"
        func bad() -> SpecError { .invalid(.escape, value: text, accepted: accepted) }
        func number(_ s: Substring) throws -> Double {
            guard let v = Double(s.trimmingCharacters(in: " ")), v.isFinite else { throw bad() }
            return v
        }
        let t = text.trimmingCharacters(in: " ")
        if t == "none" { self = .never; return }
        if t.hasPrefix("radius=") {
            let r = try number(t.dropFirst(7))
            guard r > 0 else { throw bad() }
            self = .radius(r); return
        }
        for (op, isAtLeast) in [(">=", true), ("<=", false)] {
            guard let range = t.range(of: op) else { continue }
            let lhs = t[..<range.lowerBound].trimmingCharacters(in: " ")
            let c = try number(t[range.upperBound...])
            switch lhs {
            case "loss" where isAtLeast: self = .lossAtLeast(c); return
            case "min" where !isAtLeast: self = .minimumAtMost(c); return
            case "max" where isAtLeast: self = .maximumAtLeast(c); return
            case _ where lhs.hasPrefix("|") && lhs.hasSuffix("|") && lhs.count > 2 && isAtLeast:
                guard lhs.dropFirst().first == "x", let i = Int(lhs.dropFirst(2).dropLast()), i >= 0, i < dimension, c > 0 else { throw bad() }
                self = .magnitudeAtLeast(i, c)
                return
            default:
                guard lhs.first == "x", let i = Int(lhs.dropFirst()), i >= 0, i < dimension else { throw bad() }
                self = isAtLeast ? .coordinateAtLeast(i, c) : .coordinateAtMost(i, c)
                return
            }
        }
        throw bad()
    }

    /// Every form, one line each, for `escapelab list escapes`.
    public static let catalog = [
        "xI>=C   coordinate I (from 0) at least C", "xI<=C   coordinate I at most C",
        "|xI|>=C  coordinate I at least C in absolute value (C > 0)",
        "min<=C  some coordinate at most C", "max>=C  some coordinate at least C",
        "radius=R  distance from the start at least R", "loss>=V  loss at least V",
        "none    never (every run goes to --max-steps)",
    ]
}

/// An escape criterion compiled for one run's storage type; checked every step.
///
/// Conform to give ``Ensemble/run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``
/// a criterion of your own.
public protocol EscapeCheck<Vector>: Sendable {
    associatedtype Vector: PointVector
    /// True when `x` meets the criterion.
    func isMet<L: Landscape>(_ x: Vector, _ landscape: L) -> Bool
    /// True when the trajectory must stop at `x`: it meets the criterion or is
    /// not finite (the caller tells the two apart once, on the way out).
    func shouldStop<L: Landscape>(_ x: Vector, _ landscape: L, dimension: Int) -> Bool
}

extension EscapeCheck {
    @inlinable @inline(__always)
    public func shouldStop<L: Landscape>(_ x: Vector, _ landscape: L, dimension: Int) -> Bool {
        !x.isFinite(dimension: dimension) || isMet(x, landscape)
    }
}

/// `xI>=C`, `xI<=C` and `|xI|>=C` as an open interval the coordinate must stay inside:
/// (-inf, C) for `xI>=C`, (C, +inf) for `xI<=C`, (-C, C) for `|xI|>=C`. The per-step check is then
/// two compares that also stop NaN and +-inf (both fail for them).
public struct ThresholdCheck<Vector: PointVector>: EscapeCheck {
    public let index: Int
    public let lower: Double
    public let upper: Double

    /// The check for a coordinate criterion; nil for every other kind.
    public init?(_ criterion: EscapeCriterion) {
        switch criterion {
        case let .coordinateAtLeast(i, c): index = i; lower = -.infinity; upper = c
        case let .coordinateAtMost(i, c): index = i; lower = c; upper = .infinity
        case let .magnitudeAtLeast(i, c): index = i; lower = -c; upper = c
        default: return nil
        }
    }

    @inlinable @inline(__always)
    public func isMet<L: Landscape>(_ x: Vector, _ landscape: L) -> Bool {
        let v = x[index]
        return (upper.isFinite && v >= upper) || (lower.isFinite && v <= lower)
    }

    @inlinable @inline(__always)
    public func shouldStop<L: Landscape>(_ x: Vector, _ landscape: L, dimension: Int) -> Bool {
        if dimension == 1 {
            // One coordinate: it continues only while lower < x_0 < upper.
            let v = x[0]
            return !(v > lower && v < upper)
        }
        let v = x[index]
        return !x.isFinite || !(v > lower && v < upper)
    }
}

/// Any escape criterion: the start point and the squared radius are
/// precomputed so the per-step check is a switch and a compare.
public struct EscapeTest<V: PointVector>: EscapeCheck {
    public let criterion: EscapeCriterion
    public let start: V
    public let dimension: Int
    @usableFromInline let radiusSquared: Double

    public init(_ criterion: EscapeCriterion, start: V, dimension: Int) {
        self.criterion = criterion
        self.start = start
        self.dimension = dimension
        if case let .radius(r) = criterion { radiusSquared = r * r } else { radiusSquared = 0 }
    }

    /// True when `x` meets the criterion (the loss is evaluated only for `loss>=V`).
    @inlinable @inline(__always)
    public func isMet<L: Landscape>(_ x: V, _ landscape: L) -> Bool {
        switch criterion {
        case let .coordinateAtLeast(i, c): return x[i] >= c
        case let .coordinateAtMost(i, c): return x[i] <= c
        case let .magnitudeAtLeast(i, c): return abs(x[i]) >= c
        case let .minimumAtMost(c):
            for i in 0..<dimension where x[i] <= c { return true }
            return false
        case let .maximumAtLeast(c):
            for i in 0..<dimension where x[i] >= c { return true }
            return false
        case .radius:
            return x.sum { let t = x[$0] - start[$0]; return t * t } >= radiusSquared
        case let .lossAtLeast(v): return landscape.loss(at: x) >= v
        case .never: return false
        }
    }
}
