import Testing
@testable import EscapeLab

@Suite struct SmokeTests {
    @Test func doubleWellRuns() throws {
        let p = Problem(landscape: DoubleWell(), learningRate: 0.01, noise: .gaussian(sigma: 6), maxSteps: 1_000_000)
        let r = try p.run(ExecutionPlan(trajectories: 50, seed: 3, threads: 2))
        #expect(r.outcomes.allSatisfy { $0 == .escaped })
    }
}
