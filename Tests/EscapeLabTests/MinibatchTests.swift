import EscapeLabTestSupport
import Foundation
import Testing
@testable import EscapeLab

/// Real minibatch noise through the engine: one SGD step with lr = 1 from x
/// gives g = x - x_1, the minibatch mean gradient the optimizer saw. Its mean
/// must be the full gradient and its covariance the exact sampling covariance
/// (with the finite-population factor without replacement), within 4 SE.
@Suite struct MinibatchTests {
    static func oneStepGradients(_ l: any Landscape, at x: [Double], noise: NoiseSpec, count n: Int, seed: UInt64) throws -> [[Double]] {
        let p = Problem(landscape: l, learningRate: 1, noise: noise, start: x, escape: .never, maxSteps: 1)
        let r = try p.run(ExecutionPlan(trajectories: n, seed: seed, threads: 2))
        return (0..<n).map { k in zip(x, r.finalPoint(k)).map { $0 - $1 } }
    }

    /// Checks every mean and covariance entry of the samples `g` against `mean` and `c`
    /// within 4 standard errors (SE from the samples' own second and fourth moments);
    /// returns the trace of the sample covariance and its SE.
    @discardableResult
    static func expectMoments(_ g: [[Double]], mean: [Double], covariance c: Matrix, _ label: String) -> (Double, Double) {
        let n = Double(g.count), d = mean.count
        let sampleMean = (0..<d).map { i in g.map { $0[i] }.reduce(0, +) / n }
        for i in 0..<d {
            let se = (c[i, i] / n).squareRoot()
            #expect(abs(sampleMean[i] - mean[i]) <= 4 * se + 1e-12, "\(label): mean \(i) \(sampleMean[i]) vs \(mean[i]) (SE \(se))")
        }
        for i in 0..<d {
            for j in i..<d {
                let products = g.map { ($0[i] - sampleMean[i]) * ($0[j] - sampleMean[j]) }
                let (m, v) = TestSupport.meanAndVariance(products)
                let se = (v / n).squareRoot()
                #expect(abs(m - c[i, j]) <= 4 * se + 1e-14, "\(label): C(\(i), \(j)) \(m) vs \(c[i, j]) (SE \(se))")
            }
        }
        let squares = g.map { gk in zip(gk, sampleMean).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
        let (t, v) = TestSupport.meanAndVariance(squares)
        return (t, (v / n).squareRoot())
    }

    @Test func withoutReplacementHasTheFinitePopulationCovariance() throws {
        // Off the minimum, so the mean gradient is not zero and unbiasedness is tested.
        let l = LogisticRegression()
        let x = [0.5, -0.3, 0.2]
        let b = 100   // half the data: the factor (N - B)/(N - 1) = 0.5025 halves the covariance
        let g = try Self.oneStepGradients(l, at: x, noise: .minibatch(batch: b, replacement: false), count: 4000, seed: 11)
        let exact = l.minibatchCovariance(at: x, batch: b, replacement: false)
        let (t, se) = Self.expectMoments(g, mean: l.gradient(at: x), covariance: exact, "logistic B=100")
        // Without the factor (C / B) the trace would be 1.99 times larger: many SE away.
        let naive = l.minibatchCovariance(at: x, batch: b, replacement: true).trace
        #expect(abs(t - naive) > 20 * se)
    }

    @Test func withReplacementHasCovarianceCOverB() throws {
        let l = SoftmaxRegression(loss: .focal(gamma: 2, alpha: 0.25))
        let x = (0..<9).map { 0.3 * cos(Double($0)) }
        let g = try Self.oneStepGradients(l, at: x, noise: .minibatch(batch: 5, replacement: true), count: 4000, seed: 12)
        Self.expectMoments(g, mean: l.gradient(at: x), covariance: l.minibatchCovariance(at: x, batch: 5, replacement: true),
                           "softmax focal B=5 with replacement")
    }

    @Test func zhuMinibatchAtTheStart() throws {
        let l = Zhu2D()
        let g = try Self.oneStepGradients(l, at: [1, 1], noise: .minibatch(batch: 10, replacement: false), count: 4000, seed: 13)
        Self.expectMoments(g, mean: l.gradient(at: [1, 1]), covariance: l.minibatchCovariance(at: [1, 1], batch: 10), "zhu2d B=10")
    }

    static let problems: [Problem] = [
        Problem(landscape: LogisticRegression(), learningRate: 0.5, noise: .minibatch(batch: 10, replacement: false), maxSteps: 300),
        Problem(landscape: SoftmaxRegression(loss: .balanced(beta: 0.999)), learningRate: 0.5,
                noise: .minibatch(batch: 20, replacement: true), maxSteps: 200),
        Problem(landscape: Zhu2D(), learningRate: 0.005, noise: .minibatch(batch: 1, replacement: false), maxSteps: 500),
        Problem(landscape: Zhu2D(), learningRate: 0.005, noise: .shaped(.covariance, trace: 400, frozen: false), maxSteps: 500),
        Problem(landscape: LogisticRegression(loss: .focal(gamma: 2, alpha: 0.25)), optimizer: .adam(AdamConfig()),
                learningRate: 0.01, noise: .minibatch(batch: 4, replacement: false), escape: .radius(0.5), maxSteps: 2000),
    ]

    @Test(arguments: 0..<problems.count)
    func recordsDoNotDependOnThreadCount(_ k: Int) throws {
        let p = Self.problems[k]
        let one = try DeterminismTests.expectThreadInvariant(p, trajectories: 64, seed: 5)
        #expect(try p.run(ExecutionPlan(trajectories: 64, seed: 6, threads: 2)) != one)
    }

    @Test func analyticLandscapesRejectMinibatchNoise() throws {
        #expect(throws: SpecError.self) { try NoiseSpec.minibatch(batch: 4, replacement: false).validate(for: DoubleWell()) }
        do {
            try NoiseSpec.shaped(.covariance, trace: 1, frozen: false).validate(for: Saddle(negative: 1, positive: 1, dimension: 2))
            Issue.record("covariance-shaped noise accepted on an analytic landscape")
        } catch let e as SpecError {
            #expect(e.exitCode == 64)
        }
        #expect(throws: SpecError.self) { try NoiseSpec.minibatch(batch: 201, replacement: false).validate(for: LogisticRegression()) }
        try NoiseSpec.minibatch(batch: 201, replacement: true).validate(for: LogisticRegression())
    }

    @Test func theCommandLineSaysSoInOneLine() throws {
        for (landscape, noise) in [("double-well", "minibatch:batch=4"), ("saddle:dim=2", "shaped:shape=diagonal,trace=1"),
                                   ("zhu2d", "minibatch:batch=101")] {
            let r = try TestSupport.run(["run", "--landscape", landscape, "--noise", noise, "--trajectories", "2", "--max-steps", "1"])
            #expect(r.status == 64, "\(landscape) \(noise)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let ok = try TestSupport.run(["run", "--landscape", "zhu2d", "--noise", "minibatch:batch=10", "--lr", "0.005",
                                      "--trajectories", "8", "--max-steps", "50", "--format", "json"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
