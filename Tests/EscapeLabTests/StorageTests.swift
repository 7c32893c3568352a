import Foundation
import Testing
@testable import EscapeLab

/// Points live in Point1, SIMD2/4/8/16 (d <= 16) or DynamicVector (any d up to
/// 4096). Every per-step operation is written lane by lane in the same order
/// on every storage, so forcing the dynamic storage at small d must give the
/// same trajectories, bit for bit (the issue asks for 1e-12 relative and
/// ensemble means within 4 SE; identity implies both).
@Suite struct StorageTests {
    static let optimizers: [OptimizerSpec] = [
        .sgd(SGDConfig()), .sgd(SGDConfig(momentum: 0.9, nesterov: true, weightDecay: 0.01)),
        .adam(AdamConfig()), .adam(AdamConfig(weightDecay: 0.01, amsgrad: .on, decoupled: true)),
        .rmsprop(RMSpropConfig(momentum: 0.5, centered: true)), .adagrad(AdagradConfig(lrDecay: 0.01)),
        .adai(AdaiConfig()),
    ]

    @Test(arguments: optimizers)
    func tracesOnSaddleDim8AgreeBetweenSIMDAndDynamicStorage(_ o: OptimizerSpec) throws {
        var p = Problem(landscape: Saddle(negative: 0.5, positive: 1, dimension: 8), optimizer: o, learningRate: 0.01,
                        noise: .gaussian(sigma: 0.5), escape: .never, maxSteps: 1)
        let simd = try p.trace(seed: 3, steps: 200)
        p.forcesDynamicStorage = true
        let dynamic = try p.trace(seed: 3, steps: 200)
        #expect(simd.points.count == dynamic.points.count)
        for (a, b) in zip(simd.points, dynamic.points) {
            #expect(abs(a - b) <= 1e-12 * max(abs(a), 1e-300), "\(o.spec): \(a) vs \(b)")
        }
        #expect(simd.points == dynamic.points, "\(o.spec): not bit-identical")
    }

    /// Each engine path (fast kernel, general sampler with every noise family,
    /// stateful optimizers) on fixed and dynamic storage: identical records.
    static let problems: [Problem] = [
        Problem(landscape: DoubleWell(), learningRate: 0.01, noise: .gaussian(sigma: 7), maxSteps: 100_000),
        Problem(landscape: Saddle(negative: 0.2, positive: 1, dimension: 3), optimizer: .adam(AdamConfig()),
                learningRate: 0.01, noise: .sgd(batch: 1, localHessian: false), maxSteps: 20_000),
        Problem(landscape: StyblinskiTang(dimension: 2, k: 1), optimizer: .sgd(SGDConfig(momentum: 0.9)),
                learningRate: 0.002, noise: .levy(alpha: 1.5, scale: 3), maxSteps: 5_000),
        Problem(landscape: Quadratic(k: 1, dimension: 5, anisotropy: 3, angle: 20), optimizer: .adai(AdaiConfig()),
                learningRate: 0.05, noise: .sgd(batch: 2, localHessian: true), escape: .radius(0.3), maxSteps: 3_000),
        Problem(landscape: Zhu2D(), learningRate: 0.005, noise: .shaped(.covariance, trace: 400, frozen: false),
                escape: .maximumAtLeast(5), maxSteps: 300),
        Problem(landscape: LogisticRegression(), optimizer: .rmsprop(RMSpropConfig()), learningRate: 0.01,
                noise: .minibatch(batch: 8, replacement: false), escape: .lossAtLeast(0.6), maxSteps: 2_000),
        Problem(landscape: StyblinskiTang(dimension: 9, k: 1), learningRate: 0.005, noise: .studentT(nu: 3, scale: 4),
                maxSteps: 20_000),
    ]

    @Test(arguments: 0..<problems.count)
    func ensemblesAgreeBetweenFixedAndDynamicStorage(_ k: Int) throws {
        var p = Self.problems[k]
        let plan = ExecutionPlan(trajectories: 200, seed: 11, threads: 2)
        let fixed = try p.run(plan)
        p.forcesDynamicStorage = true
        let dynamic = try p.run(plan)
        #expect(fixed == dynamic, "\(p.landscape.spec) \(p.noise.spec)")
    }

    @Test func runsAtAnyDimensionUpTo4096() throws {
        for d in [1, 16, 17, 256, 4096] {
            let p = Problem(landscape: Saddle(negative: 1, positive: 1, dimension: d), learningRate: 0.01,
                            noise: .gaussian(sigma: 1), escape: .radius(2), maxSteps: 100_000)
            let r = try p.run(ExecutionPlan(trajectories: d > 1000 ? 4 : 40, seed: 5, threads: 2))
            #expect(r.dimension == d)
            #expect(r.outcomes.allSatisfy { $0 == .escaped }, "d = \(d)")
            #expect(r.finalPoints.count == r.count * d)
        }
        #expect(throws: SpecError.self) {
            try Problem(landscape: Saddle(dimension: 4097), learningRate: 0.01, maxSteps: 1).validate()
        }
    }
}
