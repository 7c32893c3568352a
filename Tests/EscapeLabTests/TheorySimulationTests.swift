import EscapeLab
import Foundation
import Testing

/// Simulated escape times against the theory module's laws: fixed seeds,
/// tolerance k standard errors plus a stated bias bound. Each would fail if
/// the law or the noise model were wrong by a physically meaningful amount.
@Suite struct TheorySimulationTests {
    /// SGD-like noise (covariance H_a / B frozen at the start): T = lr H_a / (2B),
    /// barrier / T = B / (4 lr k) = 3.5. Tolerance 4 SE + 5%: lr H_a = 0.03; halving
    /// lr H at fixed barrier / T moved tau by under 1.5% +- 3.5% (sharp-vs-flat).
    /// A factor 2 in T would move tau by e^1.75.
    @Test func sgdNoiseMatchesTheExactMFPT() throws {
        let problem = Problem(landscape: DoubleWell(barrier: 0.05, k: 2), learningRate: 1.0 / 28,
                              noise: .sgd(batch: 1, localHessian: false), maxSteps: 10_000_000)
        let exact = try #require(try TheoryEstimate(problem).meanFirstPassage).steps(learningRate: 1.0 / 28)
        let s = EscapeSummary(try problem.run(ExecutionPlan(trajectories: 1000, seed: 31, threads: 2)), learningRate: 1.0 / 28)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(s.censored == 0)
        #expect(abs(mean - exact) <= 4 * se + 0.05 * exact, "\(mean) +- \(se) vs \(exact)")
    }

    /// Plain SGD from the saddle with noise |H| / B: the discrete saddle law.
    /// Bias bound 2%: the law is asymptotic in R^2 / v = 200 and ignores the
    /// stable direction (E[x1^2] / (R^2 ln(R^2 / v)) ~ 0.1%). Dropping
    /// gamma_E + ln 2 would move it by 19%.
    @Test func sgdSaddleEscapeMatchesTheDiscreteLaw() throws {
        let problem = Problem(landscape: Saddle(negative: 0.2, positive: 1), learningRate: 0.01,
                              noise: .sgd(batch: 1, localHessian: false), escape: .radius(1), maxSteps: 1_000_000)
        let law = try #require(try TheoryEstimate(problem).saddleSteps)
        let s = EscapeSummary(try problem.run(ExecutionPlan(trajectories: 2000, seed: 32, threads: 2)), learningRate: 0.01)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(abs(mean - law) <= 4 * se + 0.02 * law, "\(mean) +- \(se) vs \(law)")
    }

    /// Levy noise leaves the basin by one jump: E[n] ~ 1 / (2 C_alpha (lr sigma / w)^alpha).
    /// Bias bound 10%: the law is leading order in the noise; scratch runs at
    /// this noise level (alpha 1.5, lr sigma = 0.003, w = 1 to 4) were 2% to 8%
    /// below it. Gaussian noise of the same scale would essentially never escape.
    @Test func levyNoiseFollowsTheOneJumpLaw() throws {
        let problem = Problem(landscape: CosineWell(barrier: 1, width: 2), learningRate: 0.01,
                              noise: .levy(alpha: 1.5, scale: 0.3), maxSteps: 10_000_000)
        let law = try #require(try TheoryEstimate(problem).levySteps)
        let s = EscapeSummary(try problem.run(ExecutionPlan(trajectories: 1000, seed: 33, threads: 2)), learningRate: 0.01)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(s.censored == 0 && s.diverged == 0)
        #expect(abs(mean - law) <= 4 * se + 0.10 * law, "\(mean) +- \(se) vs \(law)")
    }

    /// Escape at the barrier top, checked once per step: late by O(sqrt(lr))
    /// (+10% here), which the boundary moved out by 0.5826 sqrt(2 T lr)
    /// accounts for. Tolerance 4 SE + 3% (the O(lr) bias bound of kramers).
    @Test func barrierTopCriterionNeedsTheDiscreteMonitoringShift() throws {
        let lr = 0.005, t = 0.25
        let problem = Problem(landscape: DoubleWell(barrier: 1, k: 1), learningRate: lr,
                              noise: .gaussian(sigma: (2 * t / lr).squareRoot()), escape: .coordinateAtLeast(0, 0),
                              maxSteps: 10_000_000)
        let theory = try TheoryEstimate(problem)
        let plain = try #require(theory.meanFirstPassage).steps(learningRate: lr)
        let shifted = try #require(theory.meanFirstPassageDiscrete).steps(learningRate: lr)
        let s = EscapeSummary(try problem.run(ExecutionPlan(trajectories: 2000, seed: 34, threads: 2)), learningRate: lr)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(abs(mean - shifted) <= 4 * se + 0.03 * shifted, "\(mean) +- \(se) vs \(shifted)")
        #expect(mean - plain > 4 * se, "the per-step check should delay escape at the flat top: \(mean) vs \(plain)")
    }
}
