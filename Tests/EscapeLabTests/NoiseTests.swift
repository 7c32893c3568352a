import Foundation
import EscapeLabTestSupport
import Testing
@testable import EscapeLab

/// The noise each spec puts on the gradient, sampled through the engine: one
/// plain-SGD step with lr = 1 from x0 on a quadratic gives
/// x1 = x0 - (grad L(x0) + xi), so xi = x0 - x1 - grad L(x0) from the records.
@Suite struct NoiseTests {
    static func kicks(_ landscape: any Landscape, _ noise: NoiseSpec, at x0: [Double], n: Int, seed: UInt64) throws -> [[Double]] {
        let p = Problem(landscape: landscape, learningRate: 1, noise: noise, start: x0, escape: .never, maxSteps: 1)
        let r = try p.run(ExecutionPlan(trajectories: n, seed: seed, threads: 2))
        let g = landscape.gradient(at: x0)
        let d = landscape.dimension
        return (0..<n).map { k in (0..<d).map { i in x0[i] - r.finalPoints[k * d + i] - g[i] } }
    }

    /// Sample covariance entry (i, j) and its standard error for Gaussian data,
    /// sqrt((S_ii S_jj + S_ij^2) / (n - 1)).
    static func covariance(_ xs: [[Double]], _ i: Int, _ j: Int, expected: Matrix) -> (value: Double, se: Double) {
        let n = Double(xs.count)
        let mi = xs.reduce(0) { $0 + $1[i] } / n, mj = xs.reduce(0) { $0 + $1[j] } / n
        let c = xs.reduce(0) { $0 + ($1[i] - mi) * ($1[j] - mj) } / (n - 1)
        let se = ((expected[i, i] * expected[j, j] + expected[i, j] * expected[i, j]) / (n - 1)).squareRoot()
        return (c, se)
    }

    static func expectCovariance(_ xs: [[Double]], _ expected: Matrix, _ label: String) {
        for i in 0..<expected.dimension {
            for j in i..<expected.dimension {
                let (c, se) = covariance(xs, i, j, expected: expected)
                #expect(abs(c - expected[i, j]) <= 4 * se, "\(label) C[\(i),\(j)] = \(c), expected \(expected[i, j]) +- \(se)")
            }
        }
    }

    @Test func gaussianIsWhiteWithVarianceSigmaSquared() throws {
        let xs = try Self.kicks(Quadratic(k: 1, dimension: 3), .gaussian(sigma: 1.7), at: [0.1, 0.2, 0.3], n: 20000, seed: 1)
        Self.expectCovariance(xs, .diagonal([2.89, 2.89, 2.89]), "gaussian")
    }

    /// sgd:batch=B freezes |H(x_start)| / B: on a saddle |H| has the absolute
    /// eigenvalues, on a rotated quadratic it is a full (non-diagonal) matrix,
    /// which takes the correlated (eigen-factor) path.
    @Test func sgdNoiseHasCovarianceAbsHessianOverBatch() throws {
        let saddle = Saddle(negative: 0.5, positive: 2, dimension: 2)
        let xs = try Self.kicks(saddle, .sgd(batch: 4, localHessian: false), at: [0, 0], n: 20000, seed: 2)
        Self.expectCovariance(xs, .diagonal([0.125, 0.5]), "saddle")

        let rotated = Quadratic(k: 1, dimension: 2, anisotropy: 9, angle: 35)
        let h = rotated.hessian(at: [0, 0])
        let ys = try Self.kicks(rotated, .sgd(batch: 3, localHessian: false), at: [0.4, -0.2], n: 20000, seed: 3)
        Self.expectCovariance(ys, (1.0 / 3) * h, "rotated quadratic")
    }

    /// hessian=local uses |H(x)| / B at the current point: at x = 0.2 on the
    /// double well H = 12 * 0.04 - 4 = -3.52, so the variance is 3.52 / B.
    @Test func localHessianNoiseUsesTheCurrentPoint() throws {
        let xs = try Self.kicks(DoubleWell(), .sgd(batch: 2, localHessian: true), at: [0.2], n: 20000, seed: 4)
        Self.expectCovariance(xs, .diagonal([1.76]), "local")
        let saddle = Saddle(negative: 0.5, positive: 2, dimension: 3)
        let ys = try Self.kicks(saddle, .sgd(batch: 1, localHessian: true), at: [0.3, 0.1, -0.2], n: 20000, seed: 5)
        Self.expectCovariance(ys, .diagonal([0.5, 2, 2]), "local saddle")
    }

    /// GSL's alpha-stable with alpha = 2 is Gaussian of variance 2 c^2.
    @Test func levyWithAlphaTwoIsGaussianOfVarianceTwoCSquared() throws {
        let xs = try Self.kicks(Quadratic(k: 1, dimension: 1), .levy(alpha: 2, scale: 0.8), at: [0], n: 20000, seed: 6)
        Self.expectCovariance(xs, .diagonal([1.28]), "levy alpha=2")
    }

    /// Cauchy (alpha = 1) has no variance; its median |X| is the scale c.
    @Test func levyWithAlphaOneHasMedianAbsoluteValueC() throws {
        let xs = try Self.kicks(Quadratic(k: 1, dimension: 1), .levy(alpha: 1, scale: 0.5), at: [0], n: 20001, seed: 7)
        let sorted = xs.map { abs($0[0]) }.sorted()
        // Median of |Cauchy(c)| is c; its SE is about (pi c / 2) / sqrt(n) * ... use the
        // order-statistic bound: density of |X| at c is 1 / (pi c), SE = 1 / (2 f sqrt(n)).
        let se = Double.pi * 0.5 / (2 * Double(20001).squareRoot())
        #expect(abs(sorted[10000] - 0.5) <= 4 * se)
    }

    /// sigma * t_nu has variance sigma^2 nu / (nu - 2). For nu = 9 the fourth
    /// moment exists, so the sample variance has SE var sqrt((kurtosis - 1) / n)
    /// with kurtosis 3 + 6 / (nu - 4) = 4.2.
    @Test func studentTHasVarianceSigmaSquaredNuOverNuMinusTwo() throws {
        let xs = try Self.kicks(Quadratic(k: 1, dimension: 1), .studentT(nu: 9, scale: 0.7), at: [0], n: 40000, seed: 8)
        let (_, v) = TestSupport.meanAndVariance(xs.map { $0[0] })
        let exact = 0.49 * 9 / 7
        #expect(abs(v - exact) <= 4 * exact * (3.2 / 40000).squareRoot(), "\(v) vs \(exact)")
    }

    @Test func minibatchNoiseNeedsAFiniteSumLandscape() {
        #expect(throws: SpecError.self) {
            try Problem(landscape: DoubleWell(), learningRate: 0.1, noise: .minibatch(batch: 2, replacement: false), maxSteps: 10).validate()
        }
    }
}
