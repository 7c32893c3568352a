import Foundation
import Testing
@testable import EscapeLab

/// The landscapes of any dimension: the deep linear chain's degenerate saddle
/// and its surface of minima, the matrix factorization's target, minima and
/// strict saddle, and their specs. Gradients and Hessians at random points
/// are checked against finite differences in `LandscapeTests`.
@Suite struct DimensionLandscapeTests {
    @Test func deepLinearOriginIsASaddleOfOrderLMinusOne() throws {
        for depth in 3...7 {
            let l = DeepLinear(depth: depth, target: 1.5)
            #expect(l.start == Array(repeating: 0, count: depth) && l.saddle == l.start)
            #expect(l.gradient(at: l.start).allSatisfy { $0 == 0 })
            // Every second derivative of c w_1 ... w_L has a factor w_i left over.
            #expect(l.hessian(at: l.start).entries.allSatisfy { $0 == 0 }, "L = \(depth)")
        }
        // L = 2: H(0) = [[0, -c], [-c, 0]], eigenvalues -c and c.
        let two = DeepLinear(depth: 2, target: 1.5)
        #expect(two.hessian(at: [0, 0]).entries == [0, -1.5, -1.5, 0])
        let e = try symmetricEigen(two.hessian(at: [0, 0])).values
        #expect(abs(e[0] + 1.5) < 1e-12 && abs(e[1] - 1.5) < 1e-12)
    }

    @Test func deepLinearProductSurfaceIsTheGlobalMinimum() {
        // 2 * 0.5 * (-1) * (-2) = 2 exactly, so the residual is exactly zero.
        let l = DeepLinear(depth: 4, target: 2)
        #expect(l.loss(at: [2, 0.5, -1, -2]) == 0)
        #expect(l.gradient(at: [2, 0.5, -1, -2]) == [0, 0, 0, 0])
        // The balanced minimum, |w_i| = c^(1/L), up to rounding.
        let balanced = Array(repeating: pow(2, 0.25), count: 4)
        #expect(l.loss(at: balanced) < 1e-28)
        #expect(l.gradient(at: balanced).allSatisfy { abs($0) < 1e-14 })
        // Half the distance sqrt(L) c^(1/L) to the nearest minimum.
        #expect(l.defaultEscape == .radius(0.5 * 2 * pow(2, 0.25)))
        #expect(DeepLinear().defaultEscape == .radius(0.5 * 3.0.squareRoot()))
    }

    @Test func deepLinearGradientNeedsNoDivision() {
        // A zero coordinate: dL/dw_0 = (P - c) w_1 w_2 = (0 - 1) 6, the others carry the factor 0.
        let l = DeepLinear(depth: 3, target: 1)
        #expect(l.gradient(at: [0, 2, 3]) == [-6, 0, 0])
        #expect(l.loss(at: [0, 2, 3]) == 0.5)
        // L = 1: the bowl 1/2 (w - c)^2.
        let one = DeepLinear(depth: 1, target: 0.25)
        #expect(one.gradient(at: [1]) == [0.75] && one.hessian(at: [1]).entries == [1])
    }

    @Test func matrixFactorizationTargetIsPSDOfRankKWithTheDocumentedEigenvalues() throws {
        let l = MatrixFactorization(size: 6, rank: 2, targetRank: 3, seed: 5)
        #expect(l.eigenvalues == [3, 2, 1])
        let m = l.targetMatrix
        for i in 0..<6 { for j in 0..<6 { #expect(m[i, j] == m[j, i]) } }
        // Ascending: three zeros, then 1, 2, 3.
        let e = try symmetricEigen(m).values
        for (got, want) in zip(e, [0.0, 0, 0, 1, 2, 3]) { #expect(abs(got - want) < 1e-12, "\(e)") }
        for p in 0..<3 {
            for q in 0..<3 {
                let dot = zip(l.eigenvectors[p], l.eigenvectors[q]).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(dot - (p == q ? 1 : 0)) < 1e-14)
            }
        }
    }

    /// U with columns sqrt(lambda_a) v_a for a < min(r, k), the rest zero.
    static func topFactor(_ l: MatrixFactorization) -> [Double] {
        var u = Array(repeating: 0.0, count: l.dimension)
        for a in 0..<min(l.rank, l.targetRank) {
            for i in 0..<l.size { u[i * l.rank + a] = l.eigenvalues[a].squareRoot() * l.eigenvectors[a][i] }
        }
        return u
    }

    @Test func matrixFactorizationTopEigenvectorsAreGlobalMinima() {
        for (n, r, k) in [(5, 3, 2), (4, 2, 2), (6, 4, 1)] {
            let l = MatrixFactorization(size: n, rank: r, targetRank: k, seed: 9)
            let u = Self.topFactor(l)
            #expect(l.loss(at: u) < 1e-28, "n=\(n) r=\(r) k=\(k)")
            #expect(l.gradient(at: u).allSatisfy { abs($0) < 1e-14 }, "n=\(n) r=\(r) k=\(k)")
        }
        // r < k: the best rank-r fit is a critical point with L = 1/4 sum of the left-out lambda^2.
        let l = MatrixFactorization(size: 5, rank: 1, targetRank: 2, seed: 9)
        let u = Self.topFactor(l)
        #expect(abs(l.loss(at: u) - 0.25) < 1e-14)
        #expect(l.gradient(at: u).allSatisfy { abs($0) < 1e-14 })
    }

    @Test func matrixFactorizationStartsAtTheStrictSaddleMinusMKronI() throws {
        let l = MatrixFactorization(size: 5, rank: 3, targetRank: 2, seed: 2)
        #expect(l.start == Array(repeating: 0, count: 15) && l.saddle == l.start && l.startMinimum == nil)
        #expect(l.gradient(at: l.start).allSatisfy { $0 == 0 })
        let h = l.hessian(at: l.start), m = l.targetMatrix
        for i in 0..<5 {
            for k in 0..<5 {
                for a in 0..<3 {
                    for c in 0..<3 { #expect(h[i * 3 + a, k * 3 + c] == (a == c ? -m[i, k] : 0)) }
                }
            }
        }
        // -lambda_q, r times each, then zeros.
        let e = try symmetricEigen(h).values
        for (got, want) in zip(e, [-2.0, -2, -2, -1, -1, -1] + Array(repeating: 0, count: 9)) {
            #expect(abs(got - want) < 1e-12, "\(e)")
        }
        // Half the distance sqrt(lambda_0 + lambda_1) = sqrt(3) to the minima; 0.5 at the defaults.
        #expect(l.defaultEscape == .radius(0.5 * 3.0.squareRoot()))
        #expect(MatrixFactorization().defaultEscape == .radius(0.5))
    }

    @Test func matrixFactorizationTargetDependsOnTheSeedAlone() {
        let a = MatrixFactorization(size: 7, rank: 2, targetRank: 3, seed: 11)
        #expect(MatrixFactorization(size: 7, rank: 5, targetRank: 3, seed: 11).target == a.target)
        #expect(MatrixFactorization(size: 7, rank: 2, targetRank: 3, seed: 12).target != a.target)
    }

    @Test func specsRoundTripAndLimitsAreRefused() throws {
        let r = Registry.builtIn
        #expect(try r.landscape(parsing: "deep-linear").spec == "deep-linear:depth=3,target=1")
        #expect(try r.landscape(parsing: "matrix-factorization").spec == "matrix-factorization:n=4,rank=2,target-rank=1,seed=1")
        #expect(try r.landscape(parsing: "matrix-factorization:samples=0").spec == "matrix-factorization:n=4,rank=2,target-rank=1,seed=1")
        #expect(try r.landscape(parsing: "matrix-factorization:samples=9").sampleCount == 9)
        for text in ["deep-linear:depth=7,target=0.25", "matrix-factorization:n=6,rank=3,target-rank=4,seed=8",
                     "matrix-factorization:n=6,rank=3,target-rank=4,seed=8,samples=50"] {
            let l = try r.landscape(parsing: text)
            #expect(l.spec == text)
            #expect(try r.landscape(parsing: l.spec).loss(at: Array(repeating: 0.3, count: l.dimension))
                    == l.loss(at: Array(repeating: 0.3, count: l.dimension)))
        }
        #expect(try r.landscape(parsing: "matrix-factorization:n=64,rank=64").dimension == 4096)
        #expect(try r.landscape(parsing: "deep-linear:depth=4096").dimension == 4096)
        for bad in ["matrix-factorization:n=65,rank=64", "matrix-factorization:n=4097,rank=1", "matrix-factorization:n=3,target-rank=4",
                    "matrix-factorization:rank=0", "deep-linear:depth=4097", "deep-linear:depth=0", "deep-linear:target=0",
                    "deep-linear:target=-1", "matrix-factorization:n=6,target-rank=4,samples=3", "matrix-factorization:samples=-1",
                    "matrix-factorization:n=4096,rank=1,samples=5000"] {
            #expect(throws: SpecError.self, "\(bad)") { try r.landscape(parsing: bad) }
        }
        do {
            _ = try r.landscape(parsing: "matrix-factorization:n=65,rank=64")
        } catch let e as SpecError {
            #expect(e.description.contains("4096"), "\(e)")
        }
    }

    @Test func matrixFactorizationExamplesAverageToMAndLeaveMUnchanged() {
        let l = MatrixFactorization(size: 6, rank: 2, targetRank: 3, seed: 5, samples: 40)
        #expect(l.sampleCount == 40 && l.examples.count == 40 * 6)
        // M is drawn before the examples: the same with or without them.
        #expect(l.target == MatrixFactorization(size: 6, rank: 2, targetRank: 3, seed: 5).target)
        // Whitened coefficients: (1/N) sum_i z_i z_i^T = M to rounding (M's entries are O(1)).
        for i in 0..<6 {
            for j in 0..<6 {
                var s = 0.0
                for e in 0..<40 { s += l.examples[e * 6 + i] * l.examples[e * 6 + j] }
                #expect(abs(s / 40 - l.target[i * 6 + j]) < 1e-12, "M[\(i),\(j)]")
            }
        }
        // Each example lies in M's range: z_i = sum_q a_q v_q, so |P z_i| = |z_i|.
        for e in 0..<40 {
            let z = Array(l.examples[(e * 6)..<(e * 6 + 6)])
            var projected = [Double](repeating: 0, count: 6)
            for v in l.eigenvectors {
                let dot = zip(v, z).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<6 { projected[j] += dot * v[j] }
            }
            for j in 0..<6 { #expect(abs(projected[j] - z[j]) < 1e-12) }
        }
    }

    @Test func matrixFactorizationExampleLossesAndGradientsAverageToTheLandscape() {
        let l = MatrixFactorization(size: 5, rank: 3, targetRank: 2, seed: 7, samples: 12)
        let x = (0..<l.dimension).map { 0.4 * sin(1.3 * Double($0) + 0.2) }
        var mean = [Double](repeating: 0, count: l.dimension), meanLoss = 0.0
        for i in 0..<12 {
            let g = l.sampleGradient(at: x, sample: i)
            for j in 0..<l.dimension { mean[j] += g[j] / 12 }
            meanLoss += l.sampleLoss(at: x, sample: i) / 12
            // Each example's gradient against central differences of its loss (O(h^2) = 1e-8 with h = 1e-4).
            for j in 0..<l.dimension {
                var p = x, m = x
                p[j] += 1e-4
                m[j] -= 1e-4
                let fd = (l.sampleLoss(at: p, sample: i) - l.sampleLoss(at: m, sample: i)) / 2e-4
                #expect(abs(fd - g[j]) < 1e-6, "example \(i), coordinate \(j)")
            }
        }
        let g = l.gradient(at: x)
        for j in 0..<l.dimension { #expect(abs(mean[j] - g[j]) < 1e-12) }
        #expect(abs(meanLoss - l.loss(at: x)) < 1e-12)
        // At the saddle every example's gradient is exactly zero: minibatch noise vanishes there.
        for i in 0..<12 { #expect(l.sampleGradient(at: l.start, sample: i).allSatisfy { $0 == 0 }) }
        // ... while the per-example covariance away from it is not zero.
        #expect(l.sampleGradientCovariance(at: x)[0, 0] > 1e-6)
    }

    @Test func minibatchNoiseStaysAtTheFactorizationSaddleAndItsGaussianModelLeaves() throws {
        let l = MatrixFactorization(size: 6, rank: 2, targetRank: 1, seed: 1, samples: 32)
        // |H|/B = M (x) I: escape in ~ ln(R^2 / (lr ...)) / (2 lr) ~ 150 steps at lr 0.01; 3000 steps is 20 times that.
        let stuck = try Problem(landscape: l, learningRate: 0.01, noise: .minibatch(batch: 1, replacement: false), maxSteps: 3000)
            .run(ExecutionPlan(trajectories: 16, seed: 3, threads: 2))
        #expect(stuck.outcomes.allSatisfy { $0 == .censored })
        let model = try Problem(landscape: l, learningRate: 0.01, noise: .sgd(batch: 1, localHessian: false), maxSteps: 3000)
            .run(ExecutionPlan(trajectories: 16, seed: 3, threads: 2))
        #expect(model.outcomes.allSatisfy { $0 == .escaped })
        // Displaced along v1 the examples' noise is multiplicative and the run leaves.
        var start = [Double](repeating: 0, count: l.dimension)
        for j in 0..<6 { start[j * 2] = 1e-3 * l.eigenvectors[0][j] }
        let displaced = try Problem(landscape: l, learningRate: 0.01, noise: .minibatch(batch: 1, replacement: false), start: start,
                                    maxSteps: 3000).run(ExecutionPlan(trajectories: 16, seed: 3, threads: 2))
        #expect(displaced.outcomes.allSatisfy { $0 == .escaped })
    }

    @Test func bothLeaveTheirSaddleUnderNoise() throws {
        // Strict saddle: escape in ~ log(R / (sigma sqrt(eta))) / (eta lambda) ~ 100 steps.
        // Degenerate saddle: noise alone carries the point out, ~ R^2 / (eta^2 sigma^2 L) ~ 10^3 steps.
        for l in [MatrixFactorization(size: 5, rank: 3, targetRank: 2, seed: 3) as any Landscape, DeepLinear(depth: 3, target: 1)] {
            let p = Problem(landscape: l, learningRate: 0.05, noise: .gaussian(sigma: 0.3), maxSteps: 200_000)
            let run = try p.run(ExecutionPlan(trajectories: 20, seed: 4, threads: 2))
            #expect(run.outcomes.allSatisfy { $0 == .escaped }, "\(l.spec)")
        }
    }
}
