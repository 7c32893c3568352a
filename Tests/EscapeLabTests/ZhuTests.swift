import EscapeLabTestSupport
import Foundation
import Testing
@testable import EscapeLab

/// The zhu2d toy (Theory article, § Anisotropic noise) and the shaped noise of its study.
@Suite struct ZhuTests {
    static let e = (1 / 2.0.squareRoot())

    @Test func dataFollowTheReferenceLaw() {
        // x = 0.01 ((a + b)/sqrt2, (b - a)/sqrt2), a ~ N(0, 10), b ~ N(0, 1): variance 1e-3 along
        // (1,-1)/sqrt2 and 1e-4 along (1,1)/sqrt2. With 10^5 points the sample variances have
        // relative SE sqrt(2/n) = 0.45%, so 4 SE = 1.8%.
        let l = Zhu2D(count: 100_000, seed: 4)
        let plus = l.points.map { ($0[0] + $0[1]) * Self.e }, minus = l.points.map { ($0[0] - $0[1]) * Self.e }
        let (mp, vp) = TestSupport.meanAndVariance(plus), (mm, vm) = TestSupport.meanAndVariance(minus)
        let tolerance = 4 * (2.0 / 100_000).squareRoot()
        #expect(abs(vp / 1e-4 - 1) < tolerance)
        #expect(abs(vm / 1e-3 - 1) < tolerance)
        #expect(abs(mp) < 4 * (1e-4 / 1e5).squareRoot() && abs(mm) < 4 * (1e-3 / 1e5).squareRoot())
        let cross = zip(plus, minus).map { ($0 - mp) * ($1 - mm) }.reduce(0, +) / 1e5
        #expect(abs(cross) < 4 * (1e-4 * 1e-3 / 1e5).squareRoot())
    }

    @Test func curvatureOfBothBasins() {
        let l = Zhu2D()
        let sharp = l.hessian(at: [1, 1])   // the mean of 100 equal matrices, to rounding
        for k in 0..<4 { #expect(abs(sharp.entries[k] - Zhu2D.sharpHessian.entries[k]) < 1e-12 * 200) }
        let flat = l.hessian(at: [-1, -1])
        #expect(abs(flat[0, 0] - 2) < 1e-14 && abs(flat[1, 1] - 2) < 1e-14 && flat[0, 1] == 0)
        let eigen = try! symmetricEigen(Zhu2D.sharpHessian)
        #expect(abs(eigen.values[0] - 20) < 1e-12 && abs(eigen.values[1] - 200) < 1e-12)
        // The sharp minimum sits at (1,1) + mean(x): zero gradient there.
        #expect(l.gradient(at: l.startMinimum!).allSatisfy { abs($0) < 1e-12 })
        // At the sharp minimum every example is on the sharp branch: L = (1/2N) sum (x_i - m)^T A (x_i - m).
        let m = l.meanPoint
        let expected = l.points.map { p -> Double in
            let u = p - m
            return 0.5 * (110 * u[0] * u[0] + 180 * u[0] * u[1] + 110 * u[1] * u[1])
        }.reduce(0, +) / Double(l.count)
        #expect(abs(l.loss(at: l.startMinimum!) - expected) < 1e-12)
    }

    @Test func gradientCovarianceNearTheSharpMinimumIsACovA() {
        // Every example is on the sharp branch at (1,1): g_i = A (w - 1 - x_i), so C = A Cov(x) A exactly.
        let l = Zhu2D()
        let n = Double(l.count), m = l.meanPoint
        var cx = Matrix(dimension: 2)
        for p in l.points { for i in 0..<2 { for j in 0..<2 { cx[i, j] += (p[i] - m[i]) * (p[j] - m[j]) / n } } }
        let expected = Zhu2D.sharpHessian * cx * Zhu2D.sharpHessian
        let c = l.sampleGradientCovariance(at: [1, 1])
        for k in 0..<4 { #expect(abs(c.entries[k] - expected.entries[k]) < 1e-10 * expected.trace) }
    }

    @Test func shapesHaveTheStatedTraceAndDirection() {
        let l = Zhu2D(), x = [1.0, 1.0]
        for shape in NoiseShape.allCases {
            #expect(abs(shape.covariance(on: l, at: x, trace: 400).trace - 400) < 1e-9, "\(shape)")
        }
        let top = NoiseShape.topEigenvector.covariance(on: l, at: x, trace: 400)
        for k in 0..<4 { #expect(abs(top.entries[k] - 200) < 1e-9) }   // 400 (1,1)(1,1)^T / 2
        let hess = NoiseShape.hessian.covariance(on: l, at: x, trace: 400)
        let scaled = (400.0 / 220) * Zhu2D.sharpHessian
        for k in 0..<4 { #expect(abs(hess.entries[k] - scaled.entries[k]) < 1e-9) }
        let iso = NoiseShape.isotropic.covariance(on: l, at: x, trace: 400)
        #expect(iso == Matrix.diagonal([200, 200]))
    }

    /// One GD step with lr = 1 from (1,1): xi = x0 - x1 - grad L(x0) is the noise drawn.
    @Test(arguments: [NoiseShape.diagonal, .covariance, .hessian, .topEigenvector], [false, true])
    func theSamplerDrawsTheShapedCovariance(_ shape: NoiseShape, _ frozen: Bool) throws {
        let l = Zhu2D(), x = [1.0, 1.0]
        let g = l.gradient(at: x)
        let kicks = try MinibatchTests.oneStepGradients(l, at: x, noise: .shaped(shape, trace: 3, frozen: frozen),
                                                        count: 4000, seed: 21).map { zip($0, g).map { $0 - $1 } }
        MinibatchTests.expectMoments(kicks, mean: [0, 0], covariance: shape.covariance(on: l, at: x, trace: 3),
                                     "\(shape) frozen \(frozen)")
    }

    @Test func gradientDescentAloneStaysInTheSharpBasin() throws {
        let p = Problem(landscape: Zhu2D(), learningRate: 0.005, noise: .none, start: [1, 1], escape: .never, maxSteps: 500)
        let r = try p.run(ExecutionPlan(trajectories: 2, seed: 1, threads: 1))
        let m = Zhu2D().startMinimum!
        #expect(abs(r.finalPoint(0).first! - m[0]) < 1e-6 && abs(r.finalPoint(0).last! - m[1]) < 1e-6)
    }

    @Test func specsAndListing() throws {
        #expect(try NoiseSpec(parsing: "shaped:shape=top-eigenvector,trace=400") == .shaped(.topEigenvector, trace: 400, frozen: false))
        let frozen = NoiseSpec.shaped(.hessian, trace: 2, frozen: true)
        #expect(try NoiseSpec(parsing: frozen.spec) == frozen)
        #expect(throws: SpecError.self) { try NoiseSpec(parsing: "shaped:shape=sideways") }
        let list = try TestSupport.run(["list", "landscapes"])
        for name in ["zhu2d:", "logistic:", "softmax:"] { #expect(list.stdout.contains(name)) }
    }
}
