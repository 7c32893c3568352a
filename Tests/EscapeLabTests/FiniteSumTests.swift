import Foundation
import Testing
@testable import EscapeLab

/// The finite-sum landscapes: data fixed by the spec, per-sample and full
/// derivatives against finite differences, minima, and the exact gradient
/// covariance.
@Suite struct FiniteSumTests {
    static let landscapes: [any FiniteSumLandscape] = [
        LogisticRegression(), LogisticRegression(loss: .focal(gamma: 2, alpha: 0.25)),
        LogisticRegression(loss: .balanced(beta: 0.999), count: 120, imbalance: 0.3, separation: 1, seed: 5),
        SoftmaxRegression(), SoftmaxRegression(loss: .focal(gamma: 2, alpha: 0.25)),
        SoftmaxRegression(loss: .balanced(beta: 0.99), count: 90, imbalance: 0.2, seed: 3),
        Zhu2D(),
    ]

    /// A point off the minimum where every derivative is exercised.
    static func probe(_ l: any FiniteSumLandscape) -> [Double] {
        if l is Zhu2D { return [0.3, 0.25] }   // between the basins: both branches active
        return (0..<l.dimension).map { 0.4 * sin(Double($0) + 1) }
    }

    static func finiteDifference(_ f: ([Double]) -> Double, at x: [Double], _ i: Int, h: Double = 1e-6) -> Double {
        centralDifference(f, at: x, i, h: h)
    }

    @Test(arguments: 0..<landscapes.count)
    func derivativesMatchFiniteDifferences(_ k: Int) {
        let l = Self.landscapes[k]
        let x = Self.probe(l)
        let g = l.gradient(at: x)
        let h = l.hessian(at: x)
        for i in 0..<l.dimension {
            let fd = Self.finiteDifference({ l.loss(at: $0) }, at: x, i)
            #expect(abs(g[i] - fd) < 1e-6 * max(1, abs(fd)), "\(l.spec) gradient \(i)")
            for j in 0..<l.dimension {
                let fd2 = Self.finiteDifference({ l.gradient(at: $0)[j] }, at: x, i)
                #expect(abs(h[j, i] - fd2) < 1e-6 * max(1, abs(fd2)), "\(l.spec) Hessian (\(j), \(i))")
            }
        }
        for s in [0, l.sampleCount / 2, l.sampleCount - 1] {
            let gs = l.sampleGradient(at: x, sample: s)
            for i in 0..<l.dimension {
                let fd = Self.finiteDifference({ l.sampleLoss(at: $0, sample: s) }, at: x, i)
                #expect(abs(gs[i] - fd) < 1e-6 * max(1, abs(fd)), "\(l.spec) sample \(s) gradient \(i)")
            }
        }
    }

    @Test(arguments: 0..<landscapes.count - 1)
    func theModelsStartAtTheirMinimum(_ k: Int) {
        let l = Self.landscapes[k]
        let theta = l.startMinimum!
        #expect(l.start == theta)
        #expect(l.gradient(at: theta).allSatisfy { abs($0) < 1e-10 }, "\(l.spec)")
        // A minimum, not a saddle: no negative curvature (the softmax flat directions are ~0).
        let e = try! symmetricEigen(l.hessian(at: theta))
        #expect(e.values[0] > -1e-10, "\(l.spec)")
    }

    @Test func covarianceIsTheCentredMeanOfOuterProducts() {
        for l in Self.landscapes {
            let x = Self.probe(l), d = l.dimension, n = l.sampleCount
            let gs = (0..<n).map { l.sampleGradient(at: x, sample: $0) }
            let mean = (0..<d).map { i in gs.map { $0[i] }.reduce(0, +) / Double(n) }
            let full = l.gradient(at: x)
            let c = l.sampleGradientCovariance(at: x)
            for i in 0..<d {
                #expect(abs(mean[i] - full[i]) < 1e-12 * max(1, abs(full[i])))
                for j in 0..<d {
                    let direct = gs.map { ($0[i] - mean[i]) * ($0[j] - mean[j]) }.reduce(0, +) / Double(n)
                    #expect(abs(c[i, j] - direct) < 1e-12 * max(1, abs(direct)), "\(l.spec) C(\(i), \(j))")
                }
            }
            // Without replacement B = N leaves no noise; B = 1 gives C itself.
            #expect(l.minibatchCovariance(at: x, batch: n).entries.allSatisfy { $0 == 0 })
            #expect(l.minibatchCovariance(at: x, batch: 1) == c)
        }
    }

    @Test func dataDependOnTheSpecOnly() throws {
        let a = try Registry.builtIn.landscape(parsing: "logistic:loss=focal,gamma=2,alpha=0.25,n=200,imbalance=0.1,seed=1")
        let b = try Registry.builtIn.landscape(parsing: "logistic:loss=focal,gamma=2,alpha=0.25,n=200,imbalance=0.1,seed=1")
        let c = try Registry.builtIn.landscape(parsing: "logistic:loss=focal,gamma=2,alpha=0.25,n=200,imbalance=0.1,seed=2")
        #expect((a as! LogisticRegression).data == (b as! LogisticRegression).data)
        #expect((a as! LogisticRegression).data != (c as! LogisticRegression).data)
        #expect(a.spec == "logistic:loss=focal,gamma=2,alpha=0.25,n=200,imbalance=0.1,sep=2,seed=1")
        for spec in [a.spec, SoftmaxRegression().spec, Zhu2D().spec, LogisticRegression(loss: .balanced(beta: 0.9)).spec] {
            #expect(try Registry.builtIn.landscape(parsing: spec).spec == spec)
        }
        #expect((a as! LogisticRegression).data.counts == [182, 18])   // round(200 * 0.1 / 1.1) = 18
        // Softmax sizes ~ 1 : sqrt(0.1) : 0.1 of 200: 141.1, 44.6, 14.1 -> largest remainder.
        #expect(SoftmaxRegression().data.counts == [141, 45, 14])
    }

    @Test func badModelSpecsAreUsageErrors() {
        for text in ["logistic:loss=ce,gamma=2", "softmax:imbalance=0", "logistic:n=2", "zhu2d:seed=-1",
                     "logistic:loss=focal,alpha=1", "softmax:loss=balanced,beta=1"] {
            #expect(throws: SpecError.self, "\(text)") { try Registry.builtIn.landscape(parsing: text) }
        }
    }
}
