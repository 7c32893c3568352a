import Foundation
import Testing
@testable import EscapeLab

/// Loss values against closed forms and the focal-loss test vector of the Theory article; every
/// derivative against central finite differences of the function below it.
@Suite struct LossTests {
    /// Central difference of f at z with step h.
    static func derivative(_ f: (Double) -> Double, at z: Double, h: Double = 1e-5) -> Double {
        (f(z + h) - f(z - h)) / (2 * h)
    }

    @Test func focalTestVector() {
        // Theory article, § Losses and finite-sum landscapes: 0.25 * (1 - 0.9)^2 * (-ln 0.9) = 0.25 * 0.01 * 0.1053605 = 2.634e-4.
        let v = FocalLoss.value(trueProbability: 0.9, alpha: 0.25, gamma: 2)
        #expect(abs(v - 2.634e-4) < 5e-8)
        #expect(abs(v - 0.25 * 0.01 * -log(0.9)) < 1e-18)
        // The same example through the logit form: p_t = sigma(m) = 0.9 at m = ln 9, alpha_t = 0.25 for label 1.
        let m = log(9.0)
        #expect(abs(BinaryLoss(.focal(gamma: 2), weights: SIMD2(0.75, 0.25)).value(logit: m, label: 1) - v) < 1e-15)
        #expect(abs(BinaryLoss(.focal(gamma: 2), weights: SIMD2(0.25, 0.75)).value(logit: -m, label: 0) - v) < 1e-15)
    }

    @Test func binaryCrossEntropyMatchesTheProbabilityForm() {
        for z in stride(from: -8.0, through: 8.0, by: 0.5) {
            let p = 1 / (1 + exp(-z))
            for y in [0, 1] {
                let logit = BinaryLoss(.crossEntropy).value(logit: z, label: y)
                #expect(abs(logit - BinaryCrossEntropy.value(probability: p, label: y)) < 1e-12)
            }
        }
    }

    @Test func lossesAreFiniteAtExtremeLogits() {
        // softplus form: BCE(z = -800, y = 1) = 800 exactly, where log(sigma(-800)) = log(0) = -inf.
        #expect(BinaryLoss(.crossEntropy).value(logit: -800, label: 1) == 800)
        #expect(BinaryLoss(.crossEntropy).value(logit: 800, label: 1) == 0)
        let focal = BinaryLoss(.focal(gamma: 2))
        for z in [-800.0, -40, 40, 800] {
            for y in [0, 1] {
                let d = focal.derivatives(logit: z, label: y)
                #expect(focal.value(logit: z, label: y).isFinite && d.first.isFinite && d.second.isFinite)
            }
        }
        for gamma in [0.5, 2] {
            let softmax = SoftmaxLoss(.focal(gamma: gamma), classes: 3)
            for z in [SIMD4<Double>(60, 0, -3, 0), SIMD4(-800, 0, 1, 0), SIMD4(800, 0, 0, 0)] {
                #expect(softmax.value(logits: z, label: 0).isFinite)
                #expect(softmax.gradient(logits: z, label: 0).sum().isFinite)
                let m = softmax.curvature(logits: z, label: 0)
                #expect((0..<3).allSatisfy { i in (0..<3).allSatisfy { m.entry(i, $0).isFinite } }, "\(z)")
            }
        }
    }

    static let binaryLosses: [BinaryLoss] = [
        BinaryLoss(.crossEntropy), BinaryLoss(.crossEntropy, weights: SIMD2(0.3, 1.7)),
        BinaryLoss(.focal(gamma: 0)), BinaryLoss(.focal(gamma: 0.5), weights: SIMD2(0.75, 0.25)),
        BinaryLoss(.focal(gamma: 2), weights: SIMD2(0.75, 0.25)), BinaryLoss(.focal(gamma: 3.5)),
    ]

    @Test(arguments: 0..<binaryLosses.count)
    func binaryDerivativesMatchFiniteDifferences(_ k: Int) {
        let loss = Self.binaryLosses[k]
        for z in stride(from: -6.0, through: 6.0, by: 0.37) {
            for y in [0, 1] {
                let d = loss.derivatives(logit: z, label: y)
                let first = Self.derivative({ loss.value(logit: $0, label: y) }, at: z)
                let second = Self.derivative({ loss.derivatives(logit: $0, label: y).first }, at: z)
                // O(h^2) truncation ~ 1e-10 plus rounding ~ 1e-16 / h: far below 1e-7.
                #expect(abs(d.first - first) < 1e-7 * max(1, abs(first)), "first, z \(z), y \(y)")
                #expect(abs(d.second - second) < 1e-7 * max(1, abs(second)), "second, z \(z), y \(y)")
            }
        }
    }

    @Test func focalWithGammaZeroIsWeightedCrossEntropy() {
        let focal = BinaryLoss(.focal(gamma: 0), weights: SIMD2(0.75, 0.25))
        let ce = BinaryLoss(.crossEntropy, weights: SIMD2(0.75, 0.25))
        for z in stride(from: -5.0, through: 5.0, by: 0.5) {
            for y in [0, 1] {
                #expect(abs(focal.value(logit: z, label: y) - ce.value(logit: z, label: y)) < 1e-15)
                #expect(abs(focal.derivatives(logit: z, label: y).second - ce.derivatives(logit: z, label: y).second) < 1e-15)
            }
        }
    }

    static let softmaxLosses: [SoftmaxLoss] = [
        SoftmaxLoss(.crossEntropy, classes: 3), SoftmaxLoss(.crossEntropy, classes: 3, weights: SIMD4(0.2, 0.9, 1.9, 0)),
        SoftmaxLoss(.focal(gamma: 2), classes: 3, weights: SIMD4(repeating: 0.25)),
        SoftmaxLoss(.focal(gamma: 0.5), classes: 3), SoftmaxLoss(.focal(gamma: 1), classes: 4),
    ]

    @Test(arguments: 0..<softmaxLosses.count)
    func softmaxDerivativesMatchFiniteDifferences(_ k: Int) {
        let loss = Self.softmaxLosses[k]
        let rng = DataGenerator(seed: UInt32(10 + k))
        for _ in 0..<40 {
            var z = SIMD4<Double>(repeating: 0)
            for j in 0..<loss.classes { z[j] = 3 * rng.gaussian() }
            for c in 0..<loss.classes {
                let g = loss.gradient(logits: z, label: c)
                let m = loss.curvature(logits: z, label: c)
                for j in 0..<loss.classes {
                    func shifted(_ t: Double) -> SIMD4<Double> { var w = z; w[j] += t; return w }
                    let fd = Self.derivative({ loss.value(logits: shifted($0), label: c) }, at: 0)
                    #expect(abs(g[j] - fd) < 1e-7 * max(1, abs(fd)), "gradient lane \(j), class \(c)")
                    for i in 0..<loss.classes {
                        let fd2 = Self.derivative({ loss.gradient(logits: shifted($0), label: c)[i] }, at: 0)
                        #expect(abs(m.entry(i, j) - fd2) < 1e-7 * max(1, abs(fd2)), "Hessian (\(i), \(j)), class \(c)")
                    }
                }
            }
        }
    }

    @Test func softmaxCrossEntropyGradientSumsToZero() {
        // p - e_c sums to 1 - 1: the reason softmax models are flat along common shifts.
        let loss = SoftmaxLoss(.focal(gamma: 2), classes: 3)
        let g = loss.gradient(logits: SIMD4(0.3, -1.2, 2, 0), label: 1)
        #expect(abs(g.sum()) < 1e-15)
        #expect(abs(SoftmaxLoss(.crossEntropy, classes: 3).gradient(logits: SIMD4(0.3, -1.2, 2, 0), label: 1).sum()) < 1e-15)
    }

    @Test func classBalancedWeights() {
        #expect(ClassBalance.weights(counts: [182, 18], beta: 0) == [1, 1])
        // beta = 0.999: E = (1 - 0.999^n) / 0.001 = 166.42 and 17.85; w proportional to 1 / E, summing to 2.
        let w = ClassBalance.weights(counts: [182, 18], beta: 0.999)
        let e0 = (1 - pow(0.999, 182)) / 0.001, e1 = (1 - pow(0.999, 18)) / 0.001
        #expect(abs(w[0] - 2 * (1 / e0) / (1 / e0 + 1 / e1)) < 1e-12)
        #expect(abs(w[0] + w[1] - 2) < 1e-12)
        // beta -> 1: inverse class frequency, 18 : 182.
        let near = ClassBalance.weights(counts: [182, 18], beta: 1 - 1e-9)
        #expect(abs(near[0] / near[1] - 18.0 / 182.0) < 1e-6)
    }

    @Test func lossSpecsParseStrictly() throws {
        var spec = try Spec("logistic:loss=focal,gamma=1.5,alpha=0.4", field: .landscape)
        #expect(try LossSpec(parsing: &spec) == .focal(gamma: 1.5, alpha: 0.4))
        var ce = try Spec("logistic:loss=ce,gamma=2", field: .landscape)
        _ = try LossSpec(parsing: &ce)
        #expect(throws: SpecError.self) { try ce.finish() }   // gamma means nothing for cross-entropy
        var bad = try Spec("logistic:loss=hinge", field: .landscape)
        #expect(throws: SpecError.self) { try LossSpec(parsing: &bad) }
    }
}
