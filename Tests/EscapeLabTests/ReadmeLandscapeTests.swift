import EscapeLab
import Testing

// The landscape of the README's "Adding a landscape" section, verbatim, so
// the example stays compilable; defined outside the library, it also shows
// that a user's own landscape runs through the same engine.
/// L(x) = h (x^2/w^2 - 1)^2: a double well of width w and height h.
public struct WideWell: LandscapeParsing {
    public static let specName = "wide-well"
    public static let summary = "L = h (x^2/w^2 - 1)^2 (1-D); start -w; escape x0>=w"
    static let hParameter = SpecParameter("h", \WideWell.h, default: 1.0, .positive, "barrier height h")
    static let wParameter = SpecParameter("w", \WideWell.w, default: 1.0, .positive, "half the distance between the minima")
    public static let parameters = [hParameter.info, wParameter.info]

    public let h: Double, w: Double
    public init(h: Double = 1, w: Double = 1) { self.h = h; self.w = w }
    public init(parsing spec: inout Spec) throws {
        self.init(h: try spec.read(Self.hParameter), w: try spec.read(Self.wParameter))
    }

    public var dimension: Int { 1 }
    public func loss<V: PointVector>(at x: V) -> Double {
        let t = x[0] * x[0] / (w * w) - 1
        return h * t * t
    }
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        let u = x[0] / w
        g[0] = 4 * h / w * u * (u * u - 1)
    }
    public func hessian<V: PointVector>(at x: V, into m: inout Matrix) {
        let u = x[0] / w
        m[0, 0] = h / (w * w) * (12 * u * u - 4)
    }
    public var start: [Double] { [-w] }
    public var startMinimum: [Double]? { [-w] }
    public var saddle: [Double]? { [0] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, w) }
}

@Suite struct ReadmeLandscapeTests {
    @Test func theReadmeLandscapeParsesRunsAndHasAConsistentGradient() throws {
        let registry = try Registry.builtIn.adding([WideWell.self])
        let l = try registry.landscape(parsing: "wide-well:h=2,w=1.5")
        #expect(l.spec == "wide-well:h=2,w=1.5")
        #expect(try registry.landscape(parsing: "wide-well").spec == "wide-well:h=1,w=1")
        for x in [-2.0, -0.7, 0.3, 1.9] {
            let fd = centralDifference({ l.loss(at: $0) }, at: [x], 0, h: 1e-6)
            #expect(abs(l.gradient(at: [x])[0] - fd) < 1e-6 * max(1, abs(fd)))
            let fd2 = centralDifference({ l.gradient(at: $0)[0] }, at: [x], 0, h: 1e-6)
            #expect(abs(l.hessian(at: [x])[0, 0] - fd2) < 1e-5 * max(1, abs(fd2)))
        }
        let p = Problem(landscape: l, learningRate: 0.01, noise: .gaussian(sigma: 8), maxSteps: 1_000_000)
        let r = try p.run(ExecutionPlan(trajectories: 50, seed: 1, threads: 2))
        #expect(r.outcomes.allSatisfy { $0 == .escaped })
        #expect(r.finalPoints.allSatisfy { $0 >= 1.5 })
    }
}
