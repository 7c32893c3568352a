import EscapeLab
import EscapeLabTestSupport
import Foundation
import Testing

/// The inertia laws (heavy ball, EMA momentum / 1-D Adai, frozen-v Adam) against
/// independent values: closed forms, Studies/inertia-laws.md's tables and the reference
/// implementations laws.py / saddle.py (scipy quad, numpy; values pasted below
/// with the call that produced them), the simulator's exact noise-free counts,
/// and two small fixed-seed simulations.
@Suite struct InertiaLawTests {
    static func close(_ a: Double, _ b: Double, _ rel: Double) -> Bool { abs(a / b - 1) <= rel }

    /// kappa(X) = (1 + sqrt(1 + 4X)) / 2: (1 + sqrt 2) / 2, the golden ratio, and
    /// laws.py kappa(4), kappa(16) (Studies/inertia-laws.md T1: 2.562, 4.531).
    @Test func frictionFactor() {
        #expect(Self.close(KramersHanggi.frictionFactor(0.25), (1 + 2.0.squareRoot()) / 2, 1e-15))
        #expect(Self.close(KramersHanggi.frictionFactor(1), (1 + 5.0.squareRoot()) / 2, 1e-15))
        #expect(Self.close(KramersHanggi.frictionFactor(4), 2.5615528128088303, 1e-14))
        #expect(Self.close(KramersHanggi.frictionFactor(16), 4.531128874149275, 1e-14))
        #expect(KramersHanggi.frictionFactor(0) == 1)
    }

    /// laws.py mm_A(Delta) (scipy.integrate.quad over the real line, limit 400);
    /// Studies/inertia-laws.md quotes A(1) = 0.443, A(3) = 0.756, A(10) = 0.974.
    @Test func melnikovMeshkovDepopulationFactor() throws {
        let reference: [(Double, Double)] = [(0.1, 0.07708691955024896), (1, 0.44297830995035137), (2, 0.6408692838662389),
                                             (3, 0.7564307982831537), (10, 0.974171497588707),
                                             (20, 0.9984319418583035), (30, 0.9998924729958277)]
        for (delta, a) in reference {
            #expect(Self.close(try MelnikovMeshkov.depopulationFactor(energyLoss: delta), a, 1e-8), "A(\(delta))")
        }
    }

    /// Double well h (k x^2 - 1)^2: J = (2 sqrt 2 / 3) sqrt(h / k) in closed form, and
    /// Delta = (16/3)(h/T)/sqrt(X) for heavy ball.
    @Test func barrierActionAndEnergyLoss() throws {
        for (h, k) in [(1.0, 1.0), (0.05, 2.5)] {
            let l = DoubleWell(barrier: h, k: k)
            let j = try MelnikovMeshkov.barrierAction(potential: { l.loss(at: [$0]) }, minimum: -1 / k.squareRoot(), top: 0)
            #expect(Self.close(j, 2 * 2.0.squareRoot() / 3 * (h / k).squareRoot(), 1e-8))
            let form = HeavyBallForm.heavyBall(learningRate: 0.001, momentum: 0.95), t = h / 5
            let x = form.frictionParameter(curvature: 4 * h * k)
            #expect(Self.close(MelnikovMeshkov.energyLoss(form, action: j, temperature: t), 16.0 / 3 * 5 / x.squareRoot(), 1e-8))
        }
    }

    /// laws.py hb_dw_steps(0.0025, 0.9, 40/3, 1, 1) (Studies/inertia-laws.md T3: beta 0.9, eta|H_b| 0.01,
    /// X = 1, barrier/T = 6, law 31421 steps) and hb_dw_steps(0.000625, 0.99375, 10/3, 1, 1)
    /// (T1, X = 64: deep in the turnover, Delta = 4). laws.py integrates the MFPT by the
    /// trapezoid rule on 200001 points: agreement to 1e-5.
    @Test func heavyBallMinimumLawMatchesLawsPy() throws {
        let l = DoubleWell(barrier: 1, k: 1)
        let a = try InertialEscape(on: l, from: -1, to: 1, form: .heavyBall(learningRate: 0.0025, momentum: 0.9),
                                   learningRate: 0.0025, noiseVariance: 40.0 / 3)
        #expect(Self.close(a.temperature, 1.0 / 6, 1e-14) && Self.close(a.frictionParameter, 1, 1e-14))
        #expect(Self.close(a.energyLoss, 32, 1e-8) && Self.close(a.depopulationFactor, 0.999936651812865, 1e-8))
        #expect(Self.close(a.overdampedSteps, 19417.739071128235, 1e-5))
        #expect(Self.close(a.frictionSteps, 31418.561801762302, 1e-5))
        #expect(Self.close(a.steps, 31420.552236785283, 1e-5))
        #expect(a.isValid && a.frictionLawHolds)
        #expect(Self.close(a.biasBound, 0.08 + 1.5 * 0.01, 1e-12))

        let b = try InertialEscape(on: l, from: -1, to: 1, form: .heavyBall(learningRate: 0.000625, momentum: 0.99375),
                                   learningRate: 0.000625, noiseVariance: 10.0 / 3)
        #expect(Self.close(b.energyLoss, 4, 1e-8) && Self.close(b.depopulationFactor, 0.8299193290195612, 1e-8))
        #expect(Self.close(b.frictionFactor, 8.515609770940728, 1e-12))
        #expect(Self.close(b.steps, 49810.229374649, 1e-5))
        #expect(!b.frictionLawHolds, "Delta = 4 is the turnover: the friction law alone is 20% off")
    }

    /// EMA momentum = heavy ball at lr (1 - beta): laws.py ema_dw_steps(0.025, 0.9, 40/3, 1, 1)
    /// gives the same 31420.55 (Studies/inertia-laws.md T4, X = 1); 1-D Adai (beta0 0.1) is that EMA through
    /// TheoryEstimate. Frozen-v Adam: laws.py adam_dw_steps(0.0408248, 0.9, 200/3, 1, 1):
    /// v = 67.98698970398321, T = 0.1650403794644079, law 121510.72456538798 (T5 row eta'H_a = 0.04).
    @Test func emaAdaiAndAdamMinimumLaws() throws {
        let l = DoubleWell(barrier: 1, k: 1)
        let ema = try InertialEscape(on: l, from: -1, to: 1, form: .ema(learningRate: 0.025, beta: 0.9),
                                     learningRate: 0.025, noiseVariance: 40.0 / 3)
        #expect(Self.close(ema.steps, 31420.55223678529, 1e-5))
        let adai = try TheoryEstimate(Problem(landscape: l, optimizer: .adai(AdaiConfig()), learningRate: 0.025,
                                              noise: .gaussian(sigma: (40.0 / 3).squareRoot()), maxSteps: 1))
        #expect(Self.close(try #require(adai.inertial?.minimum?.steps), ema.steps, 1e-9))

        let sigma2 = 200.0 / 3, lr = 0.04 * sigma2.squareRoot() / 8
        let v = AdamSecondMoment.atMinimum(learningRate: lr, noiseVariance: sigma2, curvature: 8, eps: 1e-8)
        #expect(Self.close(v, 67.98698970398321, 1e-9))
        let adam = try InertialEscape.adam(on: l, from: -1, to: 1, learningRate: lr, config: AdamConfig(), noiseVariance: sigma2)
        #expect(Self.close(adam.temperature, 0.1650403794644079, 1e-8))
        #expect(Self.close(adam.steps, 121510.72456538798, 1e-5))
        #expect(adam.isValid && Self.close(adam.biasBound, 0.08 + 0.3 * 0.04 * (sigma2 / v).squareRoot(), 1e-6))
    }

    /// saddle.py: growth_hb(0.01, 0.9, gamma), V_hb, var_stable('hb', 0.01, 0.9, 1, 1) and
    /// steps_asym(G, V, 1, V1) (Studies/inertia-laws.md T7 HB column: 886.9 is the 1-D law; with the
    /// radius criterion R^2 -> R^2 - V1 it is 876.38); V_exact('ema', ...) for EMA momentum
    /// and frozen-v Adam (eta' = 0.01 / sqrt(gamma), V1 of EMA at 0.01).
    @Test func saddleGrowthFactorAndLaws() {
        let hb = HeavyBallForm.heavyBall(learningRate: 0.01, momentum: 0.9)
        for (gamma, G, r, V, steps) in [(0.025, 1.0024462731592039, 0.8978037268407961, 0.04683600018926154, 876.3765812356014),
                                        (0.4, 1.0313977329651158, 0.8726022670348841, 0.026457139397164348, 78.95988801874543)] {
            let g = InertialSaddle.growthFactor(hb, gamma: gamma)
            #expect(Self.close(g.G, G, 1e-14) && Self.close(g.r, r, 1e-13))
            // 1 + eta gamma < G < 1 + eta gamma / (1 - beta): the growth falls short of the naive one.
            #expect(g.G > 1 + 0.01 * gamma && g.G < 1 + 0.01 * gamma / 0.1)
            #expect(Self.close(InertialSaddle.amplitudeVariance(hb, gamma: gamma, noiseVariance: gamma), V, 1e-12))
            let law = InertialSaddle.Law(hb, gamma: gamma, noiseVariance: gamma, radius: 1, stable: [(1, hb, 1)])
            #expect(Self.close(law.stableVariance, 0.050131926121372045, 1e-13))
            #expect(Self.close(law.steps, steps, 1e-12))
        }
        let ema = HeavyBallForm.ema(learningRate: 0.01, beta: 0.9)
        for (gamma, G, V, steps) in [(0.025, 1.0002494401561224, 0.0050303942904618175, 13156.838406161041),
                                     (0.4, 1.0038660041366958, 0.005445504522104415, 840.6248047431164)] {
            #expect(Self.close(InertialSaddle.growthFactor(ema, gamma: gamma).G, G, 1e-14))
            #expect(Self.close(InertialSaddle.amplitudeVariance(ema, gamma: gamma, noiseVariance: gamma), V, 1e-8))
            #expect(Self.close(InertialSaddle.Law(ema, gamma: gamma, noiseVariance: gamma, radius: 1).steps, steps, 1e-8))
        }
        for (gamma, V, steps) in [(0.025, 0.03279848984152277, 1503.225741324931), (0.4, 0.00897036369614632, 500.0715969726792)] {
            let adam = HeavyBallForm.ema(learningRate: 0.01 / gamma.squareRoot(), beta: 0.9)
            #expect(Self.close(InertialSaddle.amplitudeVariance(adam, gamma: gamma, noiseVariance: gamma), V, 1e-8))
            let law = InertialSaddle.Law(adam, gamma: gamma, noiseVariance: gamma, radius: 1, stable: [(1, ema, 1)], adamGradientCheck: true)
            #expect(Self.close(law.stableVariance, 0.005001316135825217, 1e-12) && Self.close(law.steps, steps, 1e-8))
            #expect(law.isValid)
        }
    }

    /// Without noise the step counts are exact: Studies/inertia-laws.md lists heavy ball 2836, 1453, 760, 409, 230
    /// and bias-corrected EMA 27697, 13881, 6973, 3519, 1790 (gamma = 0.025 ... 0.4, r0 = 1e-3,
    /// R = 1, lr 0.01, beta 0.9), and the engine (heavy ball `sgd:momentum=0.9`; 1-D Adai,
    /// whose beta1 is exactly 0.9) takes exactly that many steps.
    @Test func noiseFreeMomentumStepsAreExact() throws {
        let gammas = [0.025, 0.05, 0.1, 0.2, 0.4]
        let hb = [2836, 1453, 760, 409, 230], ema = [27697, 13881, 6973, 3519, 1790]
        for (i, gamma) in gammas.enumerated() {
            let nHB = InertialSaddle.noiseFreeSteps(.heavyBall(learningRate: 0.01, momentum: 0.9), gamma: gamma, from: 1e-3, to: 1)
            let nEMA = InertialSaddle.noiseFreeSteps(.ema(learningRate: 0.01, beta: 0.9), gamma: gamma, from: 1e-3, to: 1)
            #expect(nHB == hb[i] && nEMA == ema[i], "gamma \(gamma)")
            for (optimizer, landscape, expected) in [(OptimizerSpec.sgd(SGDConfig(momentum: 0.9)), Saddle(negative: gamma, positive: 1), nHB),
                                                     (.adai(AdaiConfig()), Saddle(negative: gamma, positive: 1, dimension: 1), nEMA)] {
                let p = Problem(landscape: landscape, optimizer: optimizer, learningRate: 0.01, noise: .none,
                                start: landscape.dimension == 1 ? [1e-3] : [1e-3, 0], escape: .coordinateAtLeast(0, 1), maxSteps: 1_000_000)
                #expect(try TheoryEstimate(p).noiseFreeSteps == expected)
                let records = try p.run(ExecutionPlan(trajectories: 1, seed: 1, threads: 1))
                #expect(records.steps[0] == expected && records.outcomes[0] == .escaped, "\(optimizer.spec), gamma \(gamma)")
            }
        }
    }

    /// Heavy ball 0.9 at a minimum, X = 1, barrier/T = 5 (double-well:barrier=1, lr 0.0025,
    /// white noise with T = lr s^2 / (2 (1 - beta))). Tolerance 4 SE + the law's bias bound
    /// 0.08 + 1.5 lr|H_b| = 9.5%. The overdamped law alone (kappa = 1.618 missing) or the
    /// SGD temperature lr s^2 / 2 (barrier/T 50) would miss by far more.
    @Test func heavyBallMinimumSimulation() throws {
        let lr = 0.0025, beta = 0.9, t = 0.2
        let p = Problem(landscape: DoubleWell(barrier: 1, k: 1), optimizer: .sgd(SGDConfig(momentum: beta)), learningRate: lr,
                        noise: .gaussian(sigma: (2 * t * (1 - beta) / lr).squareRoot()), maxSteps: 10_000_000)
        let law = try #require(try TheoryEstimate(p).inertial?.minimum)
        #expect(law.isValid && Self.close(law.barrierOverTemperature, 5, 1e-12))
        let s = EscapeSummary(try p.run(ExecutionPlan(trajectories: 1000, seed: 41, threads: 2)), learningRate: lr)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(s.censored == 0)
        #expect(abs(mean - law.steps) <= 4 * se + law.biasBound * law.steps, "\(mean) +- \(se) vs \(law.steps)")
        #expect(abs(mean - law.overdampedSteps) > 4 * se + law.biasBound * law.overdampedSteps)
    }

    /// Heavy ball 0.9 from saddle:neg=0.4,pos=1 with SGD-like noise, radius 1: the AR(2)
    /// law with G the larger root (Studies/inertia-laws.md T7: 80.90 +- 0.55 against 79.79 in 1-D).
    /// Tolerance 4 SE + the law's bound (3% + the radius term). Growing at the naive
    /// 1 + lr gamma / (1 - beta) = 1.04 instead of G = 1.0314 would put the law 21% low.
    @Test func heavyBallSaddleSimulation() throws {
        let p = Problem(landscape: Saddle(negative: 0.4, positive: 1), optimizer: .sgd(SGDConfig(momentum: 0.9)), learningRate: 0.01,
                        noise: .sgd(batch: 1, localHessian: false), escape: .radius(1), maxSteps: 1_000_000)
        let theory = try TheoryEstimate(p)
        let law = try #require(theory.inertial?.saddle)
        #expect(law.isValid && theory.saddleSteps == law.steps)
        let s = EscapeSummary(try p.run(ExecutionPlan(trajectories: 2000, seed: 42, threads: 2)), learningRate: 0.01)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(abs(mean - law.steps) <= 4 * se + law.biasBound * law.steps, "\(mean) +- \(se) vs \(law.steps)")
        let naive = InertialSaddle.steps(growth: 1 + 0.01 * 0.4 / 0.1, amplitudeVariance: law.amplitudeVariance, radius: 1,
                                         stableVariance: law.stableVariance)
        #expect(abs(mean - naive) > 4 * se + law.biasBound * naive, "naive growth \(naive)")
    }

    /// `escapelab theory --optimizer sgd:momentum=0.9` prints the law (table and JSON),
    /// and notes the turnover where the friction law alone fails.
    @Test func theoryCommandPrintsTheInertiaLaw() throws {
        let args = ["theory", "--landscape", "double-well", "--optimizer", "sgd:momentum=0.9", "--lr", "0.0025",
                    "--noise", "gaussian:sigma=\((40.0 / 3).squareRoot())", "--escape", "x0>=1"]
        let table = try TestSupport.run(args)
        #expect(table.status == 0 && table.stdout.contains("inertia law κ(X) τ_od / A(Δ)"))
        let doc = try JSONParser.parse(try TestSupport.run(args + ["--format", "json"]).stdout)
        #expect(Self.close(try #require(doc["inertia_steps"]?.doubleValue), 31420.552236785283, 1e-5))
        #expect(Self.close(try #require(doc["inertia_time"]?.doubleValue), 31420.552236785283 * 0.0025, 1e-5))
        #expect(Self.close(try #require(doc["friction_parameter"]?.doubleValue), 1, 1e-12))
        #expect(Self.close(try #require(doc["temperature"]?.doubleValue), 1.0 / 6, 1e-12))
        #expect(doc["inertia_law"]?.stringValue?.contains("heavy ball") == true && doc["mfpt_steps"]?.isNull == true)
        // X = 64 (beta 0.99375, lr 0.000625): Delta = 4, the friction law alone is withheld.
        let turnover = try JSONParser.parse(try TestSupport.run(["theory", "--landscape", "double-well", "--optimizer", "sgd:momentum=0.99375",
                                                                 "--lr", "0.000625", "--noise", "gaussian:sigma=\((10.0 / 3).squareRoot())",
                                                                 "--escape", "x0>=1", "--format", "json"]).stdout)
        #expect(turnover["inertia_friction_steps"]?.isNull == true && turnover["inertia_steps"]?.doubleValue != nil)
        #expect(turnover["notes"]?.arrayValue?.contains { $0.stringValue?.contains("turnover") == true } == true)
        // Heavy ball at a saddle: saddle_steps is the AR(2) law.
        let saddle = try JSONParser.parse(try TestSupport.run(["theory", "--landscape", "saddle:neg=0.025,pos=1", "--optimizer", "sgd:momentum=0.9",
                                                               "--lr", "0.01", "--noise", "sgd:batch=1", "--escape", "radius=1", "--format", "json"]).stdout)
        #expect(Self.close(try #require(saddle["saddle_steps"]?.doubleValue), 876.3765812356014, 1e-12))
        #expect(Self.close(try #require(saddle["saddle_growth_factor"]?.doubleValue), 1.0024462731592039, 1e-14))
    }
}
