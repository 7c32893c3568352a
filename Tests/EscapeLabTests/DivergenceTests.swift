import Foundation
import Testing
@testable import EscapeLab

/// A blown-up optimizer state is divergence even when x stays finite: Adam
/// under gradient noise of scale 1e300 squares it to infinity, its step
/// becomes m / inf = 0, and x would otherwise sit at the start until it was
/// called censored.
@Suite struct DivergenceTests {
    @Test(arguments: [OptimizerSpec.adam(AdamConfig()), .rmsprop(RMSpropConfig()), .adagrad(AdagradConfig())])
    func nonFiniteOptimizerStateIsDivergence(_ o: OptimizerSpec) throws {
        let p = Problem(landscape: DoubleWell(), optimizer: o, learningRate: 0.01, noise: .gaussian(sigma: 1e300),
                        maxSteps: 1000)
        let r = try p.run(ExecutionPlan(trajectories: 20, seed: 1, threads: 2))
        #expect(r.outcomes.allSatisfy { $0 == .diverged }, "\(o.spec): \(r.outcomes)")
        // g^2 overflows at the first step (1e300^2 = inf): diverged at step 1.
        #expect(r.steps.allSatisfy { $0 == 1 }, "\(o.spec): \(r.steps)")
    }

    @Test func finiteHugeNoiseIsNotDivergence() throws {
        // sigma 1e150 squares to 1e300, still finite: Adam normalises it and moves.
        let p = Problem(landscape: DoubleWell(), optimizer: .adam(AdamConfig()), learningRate: 0.01,
                        noise: .gaussian(sigma: 1e150), escape: .never, maxSteps: 100)
        let r = try p.run(ExecutionPlan(trajectories: 5, seed: 1, threads: 1))
        #expect(r.outcomes.allSatisfy { $0 == .censored })
    }
}
