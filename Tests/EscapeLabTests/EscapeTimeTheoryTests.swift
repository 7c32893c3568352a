import Foundation
import EscapeLabTestSupport
import Testing
@testable import EscapeLab

/// Simulated escape times and stationary laws against exact results.
@Suite struct EscapeTimeTheoryTests {
    /// White-noise SGD on the double well: the mean escape time (to the other
    /// minimum) against the exact mean first-passage time of the Langevin
    /// limit, at barrier / temperature 3, 4 and 5. T = eta sigma^2 / 2.
    /// Tolerance 4 SE + 3%: the 3% bounds the O(eta) discretisation bias at
    /// eta = 0.005 (halving eta from 0.01 changed the mean by under 2%).
    @Test(arguments: [3.0, 4.0, 5.0])
    func sgdMatchesExactMeanFirstPassageTime(_ ratio: Double) throws {
        let eta = 0.005
        let landscape = DoubleWell(barrier: 1, k: 1)
        let temperature = 1 / ratio
        let sigma = (2 * temperature / eta).squareRoot()
        let problem = Problem(landscape: landscape, learningRate: eta, noise: .gaussian(sigma: sigma),
                              escape: .coordinateAtLeast(0, 1), maxSteps: 10_000_000)
        let records = try problem.run(ExecutionPlan(trajectories: 3000, seed: 100 + UInt64(ratio), threads: 2))
        let s = EscapeSummary(records, learningRate: eta)
        #expect(s.escaped == 3000)
        let exact = try MeanFirstPassage.time(on: landscape, temperature: temperature, from: -1, to: 1)
        let expected = exact.steps(learningRate: eta)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(abs(mean - expected) <= 4 * se + 0.03 * expected,
                "ratio \(ratio): simulated \(mean) +- \(se) steps, exact \(expected)")
    }

    /// SGD with white noise on a quadratic is an AR(1) process; its
    /// stationary variance along eigenvalue k_i is exactly
    /// eta sigma^2 / (k_i (2 - eta k_i)). Tolerance: 4 SE of a sample
    /// variance, var sqrt(2 / (n - 1)), and no bias after 600 steps of
    /// relaxation ((1 - eta k)^1200 < 1e-27).
    @Test func sgdStationaryVarianceIsTheAR1Value() throws {
        let eta = 0.1, sigma = 2.0
        let landscape = Quadratic(k: 1, dimension: 2, anisotropy: 5)
        let problem = Problem(landscape: landscape, learningRate: eta, noise: .gaussian(sigma: sigma),
                              escape: .never, maxSteps: 600)
        let n = 20000
        let r = try problem.run(ExecutionPlan(trajectories: n, seed: 5, threads: 2))
        for i in 0..<2 {
            let k = landscape.curvatures[i]
            let exact = eta * sigma * sigma / (k * (2 - eta * k))
            let samples = (0..<n).map { r.finalPoints[$0 * 2 + i] }
            let (mean, variance) = TestSupport.meanAndVariance(samples)
            let se = exact * (2 / Double(n - 1)).squareRoot()
            #expect(abs(variance - exact) <= 4 * se, "coordinate \(i): \(variance) vs \(exact) +- \(se)")
            #expect(abs(mean) <= 4 * (exact / Double(n)).squareRoot())
        }
    }
}
