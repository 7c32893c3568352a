@testable import EscapeLab
import Foundation
import Testing

/// The state-dependent noise models (curvature floor, loss-scaled, real
/// minibatch noise on `sampled-well`): their specs, their D(x) in `theory`,
/// and fixed-seed simulations against the exact 1-D MFPT with that D(x).
@Suite struct StateDependentNoiseTests {
    @Test func curvatureMagnitude() throws {
        #expect(CurvatureMagnitude.scalar(-0.3, floor: 0) == 0.3)
        #expect(CurvatureMagnitude.scalar(0, floor: 0.2) == 0.2)
        #expect(abs(CurvatureMagnitude.scalar(-3, floor: 4) - 5) < 1e-15)
        // A rotated diag(-1, 2): the floored magnitude is Q diag(sqrt(1 + h^2), sqrt(4 + h^2)) Q^T.
        let c = cos(0.3), s = sin(0.3), h = 0.5
        let m = Matrix(dimension: 2, entries: [-c * c + 2 * s * s, -c * s - 2 * s * c, -c * s - 2 * s * c, -s * s + 2 * c * c])
        let out = try CurvatureMagnitude.matrix(m, floor: h)
        let a = (1 + h * h).squareRoot(), b = (4 + h * h).squareRoot()
        let expected = [c * c * a + s * s * b, c * s * a - s * c * b, c * s * a - s * c * b, s * s * a + c * c * b]
        for i in 0..<4 { #expect(abs(out.entries[i] - expected[i]) < 1e-12, "\(out.entries) vs \(expected)") }
    }

    @Test func specsRoundTripAndRejectBadFloors() throws {
        #expect(try NoiseSpec(parsing: "sgd:batch=2").spec == "sgd:batch=2,hessian=start")
        #expect(try NoiseSpec(parsing: "sgd:batch=2,hessian=local,floor=0.1").spec == "sgd:batch=2,hessian=local,floor=0.1")
        #expect(try NoiseSpec(parsing: "sgd:batch=2,floor=0.1") == .sgd(batch: 2, localHessian: false, floor: 0.1))
        #expect(try NoiseSpec(parsing: "loss-scaled:batch=3").spec == "loss-scaled:batch=3,hessian=start")
        #expect(try NoiseSpec(parsing: "loss-scaled:batch=3,hessian=local,floor=0.5") == .lossScaled(batch: 3, localHessian: true, floor: 0.5))
        for bad in ["sgd:batch=1,floor=-1", "loss-scaled:floor=nan", "loss-scaled:batch=0", "loss-scaled:hessian=path"] {
            #expect(throws: SpecError.self) { try NoiseSpec(parsing: bad) }
        }
    }

    /// L, grad L and C(x) of `sampled-well` in closed form equal the means over its examples.
    @Test func sampledWellMatchesItsExamples() throws {
        let l = SampledWell(barrier: 0.05, count: 10, tilt: 2, curvature: 4, seed: 1)
        // Mirror-image pairs: the means are exactly zero and the data symmetric.
        #expect(l.tilts.reduce(0, +) == 0 && l.curvatures.reduce(0, +) == 0)
        #expect(l.tilts[0] == -l.tilts[1] && l.curvatures[8] == -l.curvatures[9])
        #expect(throws: SpecError.self) { try Registry.builtIn.landscape(parsing: "sampled-well:n=9") }
        for x in [-1.3, -1.0, -0.4, 0.0, 0.7, 1.1] {
            let mean = (0..<10).reduce(0.0) { $0 + l.sampleLoss(at: [x], sample: $1) } / 10
            let grad = (0..<10).reduce(0.0) { $0 + l.sampleGradient(at: [x], sample: $1)[0] } / 10
            #expect(abs(l.loss(at: [x]) - mean) < 1e-12)
            #expect(abs(l.gradient(at: [x])[0] - grad) < 1e-12)
            let c = l.sampleGradientCovariance(at: [x])[0, 0]
            #expect(abs(l.gradientVariance(at: x) - c) < 1e-10 * c, "C(\(x)) \(l.gradientVariance(at: x)) vs \(c)")
            #expect(c > 0)
        }
        let p = l.criticalPoints
        #expect(abs(p.left + 1) < 1e-6 && abs(p.top) < 1e-6 && abs(p.right - 1) < 1e-6)
        #expect(abs(l.loss(at: [p.top]) - l.loss(at: [p.left]) - 0.05) < 1e-9)
    }

    /// `shifted-well`: the mean over its examples is the loss, C(x) is the per-sample variance the
    /// noise sampler uses, its critical points are critical, and its noise follows W''(x)^2 as documented.
    @Test func shiftedWellMatchesItsExamples() throws {
        let l = ShiftedWell(barrier: 0.05, sharp: 4, flat: 1, count: 10, spread: 0.2, tilt: 0.8, seed: 1)
        #expect(l.shifts.reduce(0, +) == 0 && l.tilts.reduce(0, +) == 0)
        #expect(l.shifts[2] == -l.shifts[3] && l.tilts[4] == -l.tilts[5])
        #expect(throws: SpecError.self) { try Registry.builtIn.landscape(parsing: "shifted-well:n=7") }
        #expect(try Registry.builtIn.landscape(parsing: l.spec).spec == l.spec)
        let w = l.well
        for x in [-0.6, -0.3, 0.0, 0.2, 0.6, 1.0] {
            let mean = (0..<10).reduce(0.0) { $0 + w.loss(at: [x - l.shifts[$1]]) + l.tilts[$1] * x } / 10
            #expect(abs(l.loss(at: [x]) - mean) < 1e-12)
            let c = l.sampleGradientCovariance(at: [x])[0, 0]
            #expect(abs(l.gradientVariance(at: x) - c) < 1e-10 * c && c > 0, "C(\(x))")
        }
        let p = l.criticalPoints
        for x in [p.sharp, p.top, p.flat] { #expect(abs(l.gradient(at: [x])[0]) < 1e-10) }
        #expect(p.sharp < p.top && p.top < p.flat)
        #expect(l.hessian(at: [p.sharp])[0, 0] > 2 * l.hessian(at: [p.flat])[0, 0])
        // The curvature part of the noise: with no tilts, C at the sharp minimum over C at the flat
        // one is about (k_sharp / k_flat)^2 = 16 for small shifts (W'(x - a) ~ -a W''(x)).
        let small = ShiftedWell(barrier: 0.05, sharp: 4, flat: 1, count: 10, spread: 0.01, tilt: 0, seed: 1)
        let ratio = small.gradientVariance(at: small.criticalPoints.sharp) / small.gradientVariance(at: small.criticalPoints.flat)
        #expect(abs(ratio / 16 - 1) < 0.02, "\(ratio)")
    }

    /// D(x) of each model, as `theory` uses it, against its formula.
    @Test func diffusionOfEachModel() throws {
        let well = DoubleWell(barrier: 0.05, k: 1), lr = 0.1
        func d(_ l: any Landscape, _ noise: NoiseSpec, _ x: Double, start: [Double]? = nil) throws -> Double {
            try #require(NoiseDiffusion(Problem(landscape: l, learningRate: lr, noise: noise, start: start, maxSteps: 1))).at(x)
        }
        let u2 = { (x: Double) in 0.05 * (12 * x * x - 4) }
        #expect(abs(try d(well, .sgd(batch: 2, localHessian: true, floor: 0.1), 0.3) - lr * (u2(0.3) * u2(0.3) + 0.01).squareRoot() / 4) < 1e-15)
        #expect(try d(well, .sgd(batch: 2, localHessian: false), 0.3) == lr * 0.4 / 4)
        let mori = try FormulaLandscape(parsing: "(0.25*x0^2-1)^2+2")
        let lossAt = { (x: Double) in (0.25 * x * x - 1) * (0.25 * x * x - 1) + 2 }
        #expect(abs(try d(mori, .lossScaled(batch: 1, localHessian: false, floor: 0), 0.5, start: [-2]) - lr * lossAt(0.5) * 2) < 1e-12)
        let sampled = SampledWell(barrier: 0.05, count: 10, tilt: 2, curvature: 4, seed: 1)
        let without = try d(sampled, .minibatch(batch: 3, replacement: false), -0.5)
        let with = try d(sampled, .minibatch(batch: 3, replacement: true), -0.5)
        #expect(abs(without - lr * sampled.gradientVariance(at: -0.5) * 7 / 27 / 2) < 1e-14)
        #expect(abs(without / with - 7.0 / 9) < 1e-12)
        #expect(NoiseDiffusion(Problem(landscape: well, learningRate: lr, noise: .levy(alpha: 1.5, scale: 1), maxSteps: 1)) == nil)
    }

    /// `theory` reports D(x) and an exact MFPT for each model, and none where D vanishes (no floor).
    @Test func theoryReportsTheDiffusion() throws {
        let well = DoubleWell(barrier: 0.05, k: 1)
        let floored = try TheoryEstimate(Problem(landscape: well, learningRate: 0.1, noise: .sgd(batch: 1, localHessian: true, floor: 0.2), maxSteps: 1))
        #expect(floored.diffusion == "D(x) = lr sqrt(U''(x)^2 + 0.2^2) / (2B)")
        #expect(floored.meanFirstPassage != nil)
        let bare = try TheoryEstimate(Problem(landscape: well, learningRate: 0.1, noise: .sgd(batch: 1, localHessian: true), maxSteps: 1))
        #expect(bare.meanFirstPassage == nil && bare.notes.contains { $0.contains("exact MFPT") })
        guard case let .object(fields) = floored.json else { Issue.record("theory JSON is an object"); return }
        #expect(fields.contains { $0.0 == "diffusion" })
    }

    /// Simulates `noise` and compares the mean escape steps with the exact MFPT
    /// (escape point moved out by Siegmund's shift): within 4 SE + 6% (the O(lr)
    /// bias bound of the state-dependent-noise study, from paired lr and lr/2 runs).
    static func simulated(_ l: any Landscape, lr: Double, noise: NoiseSpec, start: [Double]? = nil,
                          escape: EscapeCriterion? = nil, trajectories: Int, seed: UInt64) throws -> (mean: Double, se: Double, exact: Double) {
        var p = Problem(landscape: l, learningRate: lr, noise: noise, start: start, escape: escape, maxSteps: 1)
        let exact = try #require(try TheoryEstimate(p).meanFirstPassageDiscrete).steps(learningRate: lr)
        p.maxSteps = Int(40 * exact)
        let s = EscapeSummary(try p.run(ExecutionPlan(trajectories: trajectories, seed: seed, threads: 2)), learningRate: lr)
        #expect(s.censored == 0)
        return (try #require(s.meanEscapeSteps), try #require(s.meanEscapeStepsSE), exact)
    }

    /// Hessian noise along the path with a floor: the exact MFPT with D(x) = lr sqrt(U''^2 + h^2)/(2B).
    /// Frozen at the minimum instead (T = lr m_h(H_a)/(2B)) it would be 4.2 times shorter.
    @Test func pathHessianNoiseMatchesTheExactTime() throws {
        let well = DoubleWell(barrier: 0.05, k: 1)
        let r = try Self.simulated(well, lr: 0.1, noise: .sgd(batch: 1, localHessian: true, floor: 0.2), trajectories: 400, seed: 71)
        #expect(abs(r.mean - r.exact) <= 4 * r.se + 0.06 * r.exact, "\(r.mean) +- \(r.se) vs \(r.exact)")
        let frozen = try #require(try TheoryEstimate(Problem(landscape: well, learningRate: 0.1, noise: .sgd(batch: 1, localHessian: false, floor: 0.2),
                                                             maxSteps: 1)).meanFirstPassageDiscrete).steps(learningRate: 0.1)
        #expect(abs(r.mean - frozen) > 4 * r.se + 0.06 * frozen, "frozen \(frozen)")
    }

    /// Loss-scaled noise on (0.25 x^2 - 1)^2 + L0: the time depends on the loss floor L0
    /// (Mori's power law); at L0 = 4 and L0 = 2 the exact times differ by a factor 7.
    @Test func lossScaledNoiseMatchesTheExactTime() throws {
        for (l0, seed) in [(4.0, UInt64(72)), (2.0, 73)] {
            let l = try FormulaLandscape(parsing: "(0.25*x0^2-1)^2+\(l0)")
            let r = try Self.simulated(l, lr: 0.05, noise: .lossScaled(batch: 1, localHessian: false, floor: 0), start: [-2],
                                       escape: .coordinateAtLeast(0, 2), trajectories: 300, seed: seed)
            #expect(abs(r.mean - r.exact) <= 4 * r.se + 0.06 * r.exact, "L0 \(l0): \(r.mean) +- \(r.se) vs \(r.exact)")
        }
    }

    /// Real minibatch noise, B = 3 of N = 10 without replacement: the exact MFPT with the
    /// finite-population factor (N - B)/(B(N - 1)) = 7/27; the 1/B model's time would be 1.3 times shorter here.
    @Test func minibatchNoiseMatchesTheExactTime() throws {
        let l = SampledWell(barrier: 0.0125, count: 10, tilt: 1, curvature: 2, seed: 1)
        let r = try Self.simulated(l, lr: 0.05, noise: .minibatch(batch: 3, replacement: false), trajectories: 1000, seed: 74)
        #expect(abs(r.mean - r.exact) <= 4 * r.se + 0.06 * r.exact, "\(r.mean) +- \(r.se) vs \(r.exact)")
        let oneOverB = try #require(try TheoryEstimate(Problem(landscape: l, learningRate: 0.05, noise: .minibatch(batch: 3, replacement: true),
                                                               maxSteps: 1)).meanFirstPassageDiscrete).steps(learningRate: 0.05)
        #expect(abs(r.mean - oneOverB) > 4 * r.se + 0.06 * oneOverB, "1/B model \(oneOverB)")
    }
}
