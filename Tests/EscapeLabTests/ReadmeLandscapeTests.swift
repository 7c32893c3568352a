import EscapeLab
import Testing

// The landscape of the README's "Adding a landscape" section, verbatim, so
// the example stays compilable; defined outside the library, it also shows
// that a user's own landscape runs through the same engine.
/// L(x) = h (x^2/w^2 - 1)^2: a double well of width w and height h.
public struct WideWell: LandscapeParsing {
    public static let specName = "wide-well"
    public static let summary = "wide-well:h=h,w=w  L = h (x^2/w^2 - 1)^2; defaults h=1, w=1"
    public let h: Double, w: Double
    public init(parsing spec: inout Spec) throws {
        h = try spec.double("h", default: 1, .positive)
        w = try spec.double("w", default: 1, .positive)
    }
    public var spec: String { "wide-well:h=\(h.compact),w=\(w.compact)" }
    public var dimension: Int { 1 }
    public func loss<V: PointVector>(at x: V) -> Double { let t = x[0] * x[0] / (w * w) - 1; return h * t * t }
    public func gradient<V: PointVector>(at x: V) -> V {
        var g = V(repeating: 0)
        g[0] = 4 * h * x[0] / (w * w) * (x[0] * x[0] / (w * w) - 1)
        return g
    }
    public func hessian<V: PointVector>(at x: V, into m: inout Matrix) {
        m[0, 0] = h * (12 * x[0] * x[0] / (w * w * w * w) - 4 / (w * w))
    }
    public var start: [Double] { [-w] }
    public var startMinimum: [Double]? { [-w] }
    public var saddle: [Double]? { [0] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, w) }
}

@Suite struct ReadmeLandscapeTests {
    @Test func theReadmeLandscapeParsesRunsAndHasAConsistentGradient() throws {
        var spec = try Spec("wide-well:h=2,w=1.5", flag: "--landscape")
        let l = try WideWell(parsing: &spec)
        #expect(l.spec == "wide-well:h=2,w=1.5")
        for x in [-2.0, -0.7, 0.3, 1.9] {
            let fd = centralDifference({ l.loss(at: $0) }, at: [x], 0, h: 1e-6)
            #expect(abs(l.gradient(at: [x])[0] - fd) < 1e-6 * max(1, abs(fd)))
        }
        let p = Problem(landscape: l, learningRate: 0.01, noise: .gaussian(sigma: 8), maxSteps: 1_000_000)
        let r = try p.run(ExecutionPlan(trajectories: 50, seed: 1, threads: 2))
        #expect(r.outcomes.allSatisfy { $0 == .escaped })
        #expect(r.finalPoints.allSatisfy { $0 >= 1.5 })
    }
}
