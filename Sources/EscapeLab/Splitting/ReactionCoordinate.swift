// The coordinate compiled for one run's storage: evaluated after every step
// of every replica, so it allocates nothing and, in the common case (one exit,
// or several exits whose legs are straight, as on the double well and
// Styblinski-Tang), is a max over a few dot products.

/// A reaction coordinate xi ready to evaluate on points of storage `V`
/// (see ``CoordinateSpec`` for the formulas).
public struct ReactionCoordinate<V: PointVector>: Sendable {
    /// xi = <w, x> + b.
    public struct Affine: Sendable {
        public let weights: V
        public let offset: Double
    }

    /// A bent exit path m -> s -> e.
    public struct Bend: Sendable {
        public let start: V, saddle: V
        /// (s - m) / l1^2 and (e - s) / l2^2.
        public let first: V, second: V
        /// l1 / (l1 + l2) and l2 / (l1 + l2).
        public let firstShare: Double, secondShare: Double
    }

    @usableFromInline
    enum Form: Sendable {
        case affine([Affine])
        case bends([Bend])
        case loss(offset: Double, scale: Double)
        case radius(center: V, scale: Double)
    }

    public let spec: CoordinateSpec
    @usableFromInline let form: Form
    /// xi at the start.
    public let startValue: Double
    /// The smallest xi over the escape set's nearest points (1 for `progress`):
    /// a splitting level must stay below it.
    public let escapeValue: Double

    /// Compiles `spec` for `landscape`, `start` and `escape`.
    /// - Throws: ``SpecError`` (`.coordinate`) when the coordinate cannot be
    ///   built or does not separate the start from the escape set
    ///   (xi(start) >= xi at some exit's target).
    public init<L: Landscape>(_ spec: CoordinateSpec, landscape: L, start: [Double], escape: EscapeCriterion) throws {
        self.spec = spec
        let d = landscape.dimension
        func refuse(_ why: String) -> SpecError {
            .invalid(.coordinate, value: spec.spec, accepted: "a coordinate that separates the start from the escape set (\(why))")
        }
        guard let paths = ExitPath.paths(landscape, start: start, escape: escape) else {
            if landscape.exitCount > 1, landscape.exitSaddles.count != landscape.exitCount {
                throw refuse("\(landscape.spec) declares \(landscape.exitCount) exits but lists \(landscape.exitSaddles.count) saddles")
            }
            throw refuse("the escape set \(escape.spec) has no point nearest the saddle to aim at; try --coordinate radius or an explicit --escape")
        }
        let m = V(start)
        func vector(_ a: [Double]) -> V { V(a) }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        func minus(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }
        func scaled(_ a: [Double], _ c: Double) -> [Double] { a.map { $0 * c } }
        func unitAffine(from a: [Double], along u: [Double], length: Double) -> Affine {
            // <x - a, u> / length^2 with u not normalised: t along a -> a + u.
            let w = scaled(u, 1 / (length * length))
            return Affine(weights: vector(w), offset: -dot(a, w))
        }
        let f: Form
        switch spec {
        case .progress:
            var affine: [Affine] = [], bends: [Bend] = []
            for p in paths {
                let legs = [p.saddle.map { (start, $0) }, (p.saddle ?? start, p.target)].compactMap { $0 }
                    .filter { $0.0 != $0.1 }
                guard let firstLeg = legs.first else { throw refuse("the start already meets \(escape.spec)") }
                let u1 = minus(firstLeg.1, firstLeg.0), l1 = dot(u1, u1).squareRoot()
                if legs.count == 1 {
                    affine.append(unitAffine(from: start, along: u1, length: l1))
                    continue
                }
                let u2 = minus(p.target, firstLeg.1), l2 = dot(u2, u2).squareRoot()
                if abs(dot(u1, u2) - l1 * l2) <= 1e-12 * l1 * l2 {
                    // Straight on through the saddle: progress is linear.
                    let total = l1 + l2
                    affine.append(unitAffine(from: start, along: scaled(u1, total / l1), length: total))
                } else {
                    bends.append(Bend(start: m, saddle: vector(firstLeg.1), first: vector(scaled(u1, 1 / (l1 * l1))),
                                      second: vector(scaled(u2, 1 / (l2 * l2))), firstShare: l1 / (l1 + l2),
                                      secondShare: l2 / (l1 + l2)))
                }
            }
            f = bends.isEmpty ? .affine(affine) : .bends(bends + affine.map { a in
                // A straight exit as a degenerate bend would cost more; keep bends only when needed.
                Bend(start: m, saddle: m, first: a.weights, second: V(zeros: d), firstShare: 1, secondShare: 0)
            })
        case let .coordinate(i):
            let best = paths.max { abs($0.target[i] - start[i]) < abs($1.target[i] - start[i]) }!
            let span = best.target[i] - start[i]
            guard span != 0 else { throw refuse("x\(i) is the same at the start and at every exit's escape point") }
            var w = [Double](repeating: 0, count: d)
            w[i] = 1 / span
            f = .affine([Affine(weights: vector(w), offset: -start[i] / span)])
        case .loss:
            guard let s = landscape.saddle, landscape.loss(at: s) > landscape.loss(at: start) else {
                throw refuse("loss needs a saddle above the start")
            }
            let l0 = landscape.loss(at: start)
            f = .loss(offset: l0, scale: landscape.loss(at: s) - l0)
        case .radius:
            let r = paths.map { minus($0.target, start) }.map { dot($0, $0).squareRoot() }.min()!
            guard r > 0 else { throw refuse("the start already meets \(escape.spec)") }
            f = .radius(center: m, scale: r)
        }
        form = f
        let atTargets = paths.map { Form.evaluate(f, V($0.target), landscape) }
        startValue = Form.evaluate(f, m, landscape)
        escapeValue = atTargets.min()!
        guard startValue < escapeValue else {
            let worst = paths[atTargets.firstIndex(of: escapeValue)!].target
            throw refuse("xi is \(startValue.compact) at the start but only \(escapeValue.compact) at the escape-set point (\(worst.map(\.compact).joined(separator: ",")))")
        }
    }

    /// xi(x).
    @inlinable @inline(__always)
    public func value<L: Landscape>(at x: V, _ landscape: L) -> Double {
        Form.evaluate(form, x, landscape)
    }
}

extension ReactionCoordinate.Form {
    @inlinable @inline(__always)
    static func evaluate<L: Landscape>(_ form: Self, _ x: V, _ landscape: L) -> Double {
        switch form {
        case let .affine(pieces):
            if pieces.count == 1 { return pieces[0].offset + x.dot(pieces[0].weights) }
            var best = -Double.infinity
            for p in pieces { best = max(best, p.offset + x.dot(p.weights)) }
            return best
        case let .bends(bends):
            var best = -Double.infinity
            for b in bends {
                let t1 = x.sum { (x[$0] - b.start[$0]) * b.first[$0] }
                var xi = b.firstShare * (b.secondShare > 0 ? min(t1, 1) : t1)
                if b.secondShare > 0 {
                    xi += b.secondShare * max(x.sum { (x[$0] - b.saddle[$0]) * b.second[$0] }, 0)
                }
                best = max(best, xi)
            }
            return best
        case let .loss(offset, scale):
            return (landscape.loss(at: x) - offset) / scale
        case let .radius(center, scale):
            return x.sum { let t = x[$0] - center[$0]; return t * t }.squareRoot() / scale
        }
    }
}
