import EscapeLab
import Foundation
import Testing

/// The d-D Adai saddle law (EMA momentum per direction, beta_i = 1 - beta0 s_i^2 / mean s^2)
/// and the exact variance sequence of a linear inertial optimizer at a saddle.
@Suite struct AdaiSaddleLawTests {
    static func close(_ a: Double, _ b: Double, _ rel: Double) -> Bool { abs(a / b - 1) <= rel }

    /// saddle:neg=0.1,pos=1 with `sgd:batch=1` noise (variances 0.1 and 1, mean 0.55): beta is
    /// 1 - 0.1 * 0.1 / 0.55 along the unstable axis and 1 - 0.1 / 0.55 along the stable one,
    /// and the law is the AR law built from those two EMA forms. Under white noise the ratios
    /// are 1 and both betas are 1 - beta0 = 0.9. A law using the 1-D rule (beta 0.9) on the
    /// unstable axis would be 2.7% lower than the per-direction one.
    @Test func adaiTakesItsBetaPerDirection() throws {
        let lr = 0.01, gamma = 0.1
        let sgdNoise = Problem(landscape: Saddle(negative: gamma, positive: 1), optimizer: .adai(AdaiConfig()), learningRate: lr,
                               noise: .sgd(batch: 1, localHessian: false), escape: .radius(1), maxSteps: 1)
        let law = try #require(try TheoryEstimate(sgdNoise).inertial?.saddle)
        let b0 = 1 - 0.1 * gamma / 0.55, b1 = 1 - 0.1 / 0.55
        #expect(Self.close(law.form.beta, b0, 1e-15))
        let expected = InertialSaddle.Law(.ema(learningRate: lr, beta: b0), gamma: gamma, noiseVariance: gamma, radius: 1,
                                          stable: [(1, .ema(learningRate: lr, beta: b1), 1)], adamGradientCheck: true)
        #expect(law.isValid && Self.close(law.steps, expected.steps, 1e-12))
        let oneD = InertialSaddle.Law(.ema(learningRate: lr, beta: 0.9), gamma: gamma, noiseVariance: gamma, radius: 1,
                                      stable: [(1, .ema(learningRate: lr, beta: 0.9), 1)])
        #expect(law.steps / oneD.steps > 1.02)

        var white = sgdNoise
        white.noise = .gaussian(sigma: 1)
        let whiteLaw = try #require(try TheoryEstimate(white).inertial?.saddle)
        #expect(whiteLaw.form.beta == 0.9)
        // With weight decay there is no law (the decay enters v).
        var decayed = sgdNoise
        decayed.optimizer = .adai(AdaiConfig(weightDecay: 0.01))
        #expect(try TheoryEstimate(decayed).inertial?.saddle == nil)
    }

    /// Var x_n from the covariance recursion: plain SGD (heavy ball at beta 0) has the closed
    /// form eta^2 s^2 (a^(2n) - 1) / (a^2 - 1), a = 1 + eta gamma; for heavy ball and EMA momentum
    /// Var x_n / G^(2n) tends to amplitudeVariance, and a stable direction (gamma < 0) to its
    /// stationary variance.
    @Test func positionVariancesMatchTheClosedForms() {
        let eta = 0.01, gamma = 0.2, s2 = 0.3
        let sgd = InertialSaddle.positionVariances(.heavyBall(learningRate: eta, momentum: 0), gamma: gamma, noiseVariance: s2, count: 500)
        let a = 1 + eta * gamma
        for n in [1, 2, 10, 500] {
            #expect(Self.close(sgd[n - 1], eta * eta * s2 * (pow(a, Double(2 * n)) - 1) / (a * a - 1), 1e-12), "n = \(n)")
        }
        for form in [HeavyBallForm.heavyBall(learningRate: eta, momentum: 0.9), .ema(learningRate: eta, beta: 0.9),
                     .adai(learningRate: eta, beta0: 0.1, eps: 1e-3, varianceRatio: 0.2)] {
            let G = InertialSaddle.growthFactor(form, gamma: gamma).G
            let n = Int(40 / log(G))
            let v = InertialSaddle.positionVariances(form, gamma: gamma, noiseVariance: s2, count: n)
            #expect(Self.close(v[n - 1] / pow(G, Double(2 * n)), InertialSaddle.amplitudeVariance(form, gamma: gamma, noiseVariance: s2), 1e-6),
                    "\(form.summary)")
            let stable = InertialSaddle.positionVariances(form, gamma: -1, noiseVariance: s2, count: 20_000)
            #expect(Self.close(stable.last!, InertialSaddle.stableVariance(form, curvature: 1, noiseVariance: s2), 1e-9), "\(form.summary)")
        }
    }
}
