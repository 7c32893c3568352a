import Foundation
import Testing
@testable import EscapeLab

/// The escape criterion |xI| >= C and the exact discrete-time law of plain
/// SGD from a quadratic saddle with per-axis Gaussian noise (GaussianSaddleLaw),
/// which the saddle-dimension study puts beside every quadratic-saddle row.
@Suite struct SaddleDimensionTests {
    @Test func magnitudeCriterionParsesRendersAndRefusesBadInput() throws {
        let c = try EscapeCriterion(parsing: "|x1|>=2.5", dimension: 3)
        #expect(c == .magnitudeAtLeast(1, 2.5))
        #expect(c.spec == "|x1|>=2.5")
        #expect(try EscapeCriterion(parsing: c.spec, dimension: 3) == c)
        for bad in ["|x3|>=1", "|x0|>=0", "|x0|>=-1", "|x0|<=1", "|y0|>=1", "||>=1", "|x0>=1"] {
            #expect(throws: SpecError.self, "\(bad)") { try EscapeCriterion(parsing: bad, dimension: 3) }
        }
        #expect(throws: SpecError.self) {
            try Problem(landscape: Saddle(), learningRate: 0.01, escape: .magnitudeAtLeast(2, 1), maxSteps: 1).validate()
        }
    }

    /// Each record's escape step is the first step of its own trace with
    /// |x0| >= C, on either side (the fast threshold path and the trace agree).
    @Test func magnitudeCriterionStopsAtTheFirstStepOnEitherSide() throws {
        let p = Problem(landscape: Saddle(negative: 1, positive: 1, dimension: 3), learningRate: 0.05,
                        noise: .gaussian(sigma: 1), escape: .magnitudeAtLeast(0, 1), maxSteps: 10_000)
        let r = try p.run(ExecutionPlan(trajectories: 40, seed: 9, threads: 2, keepFinalPoints: true))
        var sides = Set<Bool>()
        for k in 0..<r.count {
            #expect(r.outcomes[k] == .escaped)
            let t = try p.trace(seed: 9, steps: r.steps[k], index: k)
            let x0 = stride(from: 0, to: t.points.count, by: 3).map { t.points[$0] }
            let first = x0.firstIndex { abs($0) >= 1 }
            #expect(first == r.steps[k], "trajectory \(k): trace crosses at \(String(describing: first)), record says \(r.steps[k])")
            sides.insert(r.finalPoints[3 * k] > 0)
        }
        #expect(sides == [true, false], "escapes on both sides of the saddle")
    }

    /// P(v chi2_1 + v chi2_1 < R^2) = 1 - exp(-R^2 / (2 v)) (the quadrature path
    /// against a closed form), and erf(R / sqrt(2 v)) without stable axes.
    @Test func insideProbabilityMatchesClosedForms() throws {
        for (v, r) in [(0.3, 1.0), (2.0, 1.5), (0.01, 0.2)] {
            let p = try GaussianSaddleLaw.inside((v, v), 1, r)
            #expect(abs(p - (1 - exp(-r * r / (2 * v)))) <= 1e-9, "\(v) \(r): \(p)")
            #expect(abs(try GaussianSaddleLaw.inside((v, 0), 5, r) - erf(r / (2 * v).squareRoot())) <= 1e-15)
        }
        // chi2_2 / 2 is Exp(1): four stable axes of variance v alone, P(v chi2_4 < R^2).
        let v = 0.5, r = 1.2, x = r * r / v
        let chi4 = 1 - exp(-x / 2) * (1 + x / 2)
        #expect(abs(try GaussianSaddleLaw.inside((0, v), 4, r) - chi4) <= 1e-12)
    }

    /// Simulation against the law, 4 SE + the law's overcount estimate: the
    /// unstable coordinate alone (d = 2, |x0| >= 3) and a radius at d = 1024,
    /// where the stable axes' share of R^2 is 0.32 and the radius law is 20
    /// steps (about 6 SE) below the coordinate law, which the simulation must
    /// follow: a law that ignored the stable axes would fail.
    @Test(arguments: [(2, false, 3.0), (1024, true, 4.0)])
    func sgdFromTheSaddleFollowsTheExactLaw(_ d: Int, _ radial: Bool, _ r: Double) throws {
        let lr = 0.01
        let law = try GaussianSaddleLaw(gamma: 1, lambda: 1, learningRate: lr, unstableVariance: 1, stableVariance: 1,
                                        stableCount: d - 1, radius: r, criterion: radial ? .radius : .unstableCoordinate)
        let coordinateLaw = try GaussianSaddleLaw(gamma: 1, lambda: 1, learningRate: lr, unstableVariance: 1, stableVariance: 1,
                                                  stableCount: d - 1, radius: r, criterion: .unstableCoordinate)
        let p = Problem(landscape: Saddle(negative: 1, positive: 1, dimension: d), learningRate: lr, noise: .gaussian(sigma: 1),
                        escape: radial ? .radius(r) : .magnitudeAtLeast(0, r), maxSteps: 100_000)
        let s = EscapeSummary(try p.run(ExecutionPlan(trajectories: radial ? 1000 : 4000, seed: 41, threads: 2)), learningRate: lr)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(s.censored == 0)
        #expect(law.biasBound < 0.05, "overcount estimate \(law.biasBound)")
        #expect(abs(mean - law.steps) <= 4 * se + law.biasBound, "\(mean) +- \(se) vs law \(law.steps)")
        if radial { #expect(coordinateLaw.steps - law.steps > 5 * se, "the stable axes must matter here") }
    }

    /// With fixed total variance the unstable axis gets 1/d of it and the law
    /// grows like ln(d) / (2 ln(1 + lr gamma)) at large d.
    @Test func fixedTotalVarianceLawGrowsLikeLogD() throws {
        let lr = 0.01
        func steps(_ d: Int) throws -> Double {
            try GaussianSaddleLaw(gamma: 1, lambda: 1, learningRate: lr, unstableVariance: 2 / Double(d), stableVariance: 2 / Double(d),
                                  stableCount: d - 1, radius: 10, criterion: .radius).steps
        }
        let slope = (try steps(1024) - steps(256)) / log(4.0)
        #expect(abs(slope - 1 / (2 * log1p(lr))) <= 0.01 / (2 * log1p(lr)), "\(slope)")
    }
}
