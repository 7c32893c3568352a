import Foundation
import Testing
@testable import EscapeLab

/// The generalized chi-square (Imhof's inversion) and the linear saddle law
/// built on it, which the saddle-dimension study puts beside the
/// teacher-student rows: each against an independent exact reference.
@Suite struct LinearSaddleLawTests {
    /// Equal weights are a scaled chi-square: P(w chi2_k < x) = F_k(x / w) (GSL),
    /// across the body and both tails, for k = 1 (the slowest decay of the
    /// integrand) to 12.
    @Test func equalWeightsAreAScaledChiSquare() throws {
        for k in [1, 2, 5, 12] {
            for w in [0.05, 0.7, 3.0] {
                for q in [0.02, 0.3, 1.0, 2.5, 6.0] {
                    let x = q * Double(k) * w
                    let p = try GeneralizedChiSquare.cdf(weights: [Double](repeating: w, count: k), at: x)
                    let exact = GSLStatistics.chiSquareCDF(x / w, degreesOfFreedom: Double(k)).lower
                    #expect(abs(p - exact) <= 1e-9, "k \(k) w \(w) x \(x): \(p) against \(exact)")
                }
            }
        }
    }

    /// Two groups of weights (u unstable axes of variance v0, m stable ones of
    /// variance vs) against GaussianSaddleLaw's one-dimensional quadrature,
    /// with spreads from comparable to 10^4 apart; zero weights are dropped.
    @Test func twoGroupsMatchTheSaddleLawQuadrature() throws {
        for (v0, vs, u, m, r) in [(0.3, 0.05, 1, 5, 1.0), (4.0, 0.01, 2, 9, 1.5), (0.002, 0.2, 1, 3, 0.8), (50.0, 0.005, 1, 20, 1.0)] {
            let weights = [Double](repeating: v0, count: u) + [Double](repeating: vs, count: m) + [0, 0]
            let p = try GeneralizedChiSquare.cdf(weights: weights, at: r * r)
            let exact = try GaussianSaddleLaw.inside((v0, vs), m, r, unstable: u)
            #expect(abs(p - exact) <= 1e-8, "\(v0) \(vs) \(u) \(m): \(p) against \(exact)")
        }
        #expect(try GeneralizedChiSquare.cdf(weights: [0, 0], at: 1) == 1)
        for bad in [(-1.0, 1.0), (1.0, 0.0), (1.0, -2.0), (.nan, 1.0)] {
            #expect(throws: TheoryError.self) { try GeneralizedChiSquare.cdf(weights: [bad.0], at: bad.1) }
        }
    }

    /// On a spectrum of one unstable and m stable axes the linear law is
    /// GaussianSaddleLaw's exact radius law (computed there by its own
    /// quadrature and summed to P < 1e-15): to 1e-6 relative, and within its
    /// error estimate when summed every 4th step. The inertial path with
    /// beta = 0 (heavy ball without momentum is SGD) gives the same number.
    @Test func reducesToTheExactTwoGroupLaw() throws {
        let eta = 0.02, gamma = 0.5, lambda = 2.0, s0 = 1.0, ss = 0.5, m = 6, r = 2.0
        let exact = try GaussianSaddleLaw(gamma: gamma, lambda: lambda, learningRate: eta, unstableVariance: s0, stableVariance: ss,
                                          stableCount: m, radius: r, criterion: .radius).steps
        let curvatures = [-gamma] + [Double](repeating: lambda, count: m)
        let variances = [s0] + [Double](repeating: ss, count: m)
        let law = try LinearSaddleLaw.sgd(curvatures: curvatures, noiseVariances: variances, learningRate: eta, radius: r)
        #expect(abs(law.steps - exact) <= 1e-6 * exact, "\(law.steps) against \(exact)")
        let strided = try LinearSaddleLaw.sgd(curvatures: curvatures, noiseVariances: variances, learningRate: eta, radius: r, stride: 4)
        #expect(abs(strided.steps - exact) <= strided.sumError + 1e-6 * exact, "\(strided.steps) ± \(strided.sumError) against \(exact)")
        #expect(strided.sumError < 0.01 * exact)
        let inertial = try LinearSaddleLaw.inertial(.heavyBall(learningRate: eta, momentum: 0), curvatures: curvatures,
                                                    noiseVariances: variances, radius: r)
        #expect(abs(inertial.steps - exact) <= 1e-6 * exact, "\(inertial.steps) against \(exact)")
        // A flat axis (curvature 0) wanders: its variance grows like n eta^2 s and shortens the escape.
        let flat = try LinearSaddleLaw.sgd(curvatures: curvatures + [0, 0], noiseVariances: variances + [4, 4], learningRate: eta, radius: r)
        #expect(flat.steps < exact - 5)
    }

    /// Simulation: plain SGD on the quadratic saddle L = -x0^2/2 - 0.4 x1^2 + x2^2/2
    /// (two unstable axes of different curvature and a stable one, a spectrum
    /// no two-group law covers), white noise, radius 1.5: the mean escape step
    /// within 4 SE of the law, allowing for the law's overcount estimate.
    @Test func sgdOnAMixedSpectrumFollowsTheLaw() throws {
        let eta = 0.02, sigma = 1.0, r = 1.5
        let law = try LinearSaddleLaw.sgd(curvatures: [-1, -0.8, 1], noiseVariances: [1, 1, 1], learningRate: eta, radius: r)
        let over = LinearSaddleLaw.overcount(z: eta * 1.0 * r / (eta * sigma))
        let p = try Problem(parsingLandscape: "formula:-0.5*x0^2 - 0.4*x1^2 + 0.5*x2^2", optimizer: "sgd", learningRate: eta,
                            noise: "gaussian:sigma=\(sigma)", start: { [0, 0, 0] }, escape: "radius=\(r)", maxSteps: 100_000)
        let records = try p.run(ExecutionPlan(trajectories: 20_000, seed: 31, threads: 2))
        let steps = records.steps.map(Double.init)
        let mean = steps.reduce(0, +) / Double(steps.count)
        let se = (steps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(steps.count - 1) / Double(steps.count)).squareRoot()
        #expect(mean >= law.steps - over - 4 * se && mean <= law.steps + 4 * se,
                "sim \(mean) ± \(se), law \(law.steps), overcount \(over)")
        // Taking the second unstable axis as stable (the two-group reading) would be slower by many SE.
        let single = try LinearSaddleLaw.sgd(curvatures: [-1, 0.8, 1], noiseVariances: [1, 1, 1], learningRate: eta, radius: r)
        #expect(single.steps - law.steps > 4 * se, "the second unstable axis matters: \(single.steps) against \(law.steps)")
    }
}
