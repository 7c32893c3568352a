import EscapeLab
import EscapeLabTestSupport
import Foundation
import Testing

/// `TheoryEstimate.pde` (``KolmogorovEstimate``): the 2-D backward Kolmogorov
/// PDE set up from a Problem (noise covariance, escape set, reflecting
/// rectangle, grids) against the 1-D quadrature, through the CLI, and against
/// a simulation of non-reversible dynamics. The solver itself is checked in
/// KolmogorovPDETests.
@Suite struct KolmogorovTheoryTests {
    /// L = (x^2 - 1)^2 + 2 y^2: separable, so with D diagonal tau(x, y) = tau_1D(x) at T = D_xx.
    static let separable = "formula:(x0^2-1)^2 + 2*x1^2"

    static func problem(_ landscape: String, noise: NoiseSpec, lr: Double, start: [Double], escape: EscapeCriterion) throws -> Problem {
        Problem(landscape: try Registry.builtIn.landscape(parsing: landscape), learningRate: lr, noise: noise,
                start: start, escape: escape, maxSteps: 1)
    }

    /// The 1-D exact time of the double well from -1 to 1 (no reflecting wall).
    static func exact(temperature t: Double) throws -> Double {
        try MeanFirstPassage.time(potential: { ($0 * $0 - 1) * ($0 * $0 - 1) }, temperature: t, from: -1, to: 1).time
    }

    /// White noise T = lr s^2 / 2 = 0.2 and frozen sgd:batch=1 (D = lr |H(start)| / 2 =
    /// diag(0.2, 0.1) at lr 0.05: anisotropic, axis-aligned): both the 1-D time at
    /// T = 0.2 (mpmath: 182.41767...), to 1e-3 and within the PDE's own bound,
    /// with the walls and grids `theory` chooses by itself.
    @Test(arguments: [(NoiseSpec.gaussian(sigma: 40.0.squareRoot()), 0.01), (NoiseSpec.sgd(batch: 1, localHessian: false), 0.05)])
    func separableLandscapeReproducesTheQuadrature(noise: NoiseSpec, lr: Double) throws {
        let p = try Self.problem(Self.separable, noise: noise, lr: lr, start: [-1, 0], escape: .coordinateAtLeast(0, 1))
        let pde = try #require(try TheoryEstimate(p).pde)
        let exact = try Self.exact(temperature: 0.2)
        #expect(abs(pde.diffusion.xx - 0.2) < 1e-12 && pde.diffusion.xy == 0)
        #expect(pde.isAsymptotic)
        #expect(abs(pde.time - exact) <= pde.error, "\(pde.time) vs \(exact) +- \(pde.error)")
        #expect(abs(pde.time / exact - 1) < 1e-3)
        #expect(abs(pde.steps * lr / pde.time - 1) < 1e-12 && abs(pde.errorSteps * lr / pde.error - 1) < 1e-12)
        // The shifted boundary lies beyond x = 1: a (slightly) longer passage.
        #expect(try #require(pde.discrete).time > pde.time)
        // Walls at least 15 lambda_max = 3 above the basin's bottom (L = 0):
        // (x^2 - 1)^2 >= 3 for x <= -1.653, 2 y^2 >= 3 for |y| >= 1.2247;
        // the right wall lies in the escape set.
        let box = pde.domain
        #expect(box.x.lowerBound <= -1.6529 && box.x.lowerBound > -2.2 && box.x.upperBound > 1 && box.x.upperBound < 1.5)
        #expect(box.y.lowerBound <= -1.2247 && box.y.upperBound >= 1.2247 && box.y.upperBound - box.y.lowerBound < 3.5)
    }

    /// The JSON keys through the binary: numbers for a 2-D problem, null for a 1-D one.
    @Test func jsonCarriesThePDEKeys() throws {
        let keys = ["pde_time", "pde_steps", "pde_error", "pde_error_steps", "pde_discrete_time", "pde_discrete_steps", "pde_seconds"]
        func json(_ args: [String]) throws -> JSONDocument {
            let r = try TestSupport.run(["theory", "--format", "json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONParser.parse(r.stdout)
        }
        let two = try json(["--landscape", Self.separable, "--start", "-1,0", "--noise", "gaussian:sigma=6.324555320336759",
                            "--lr", "0.01", "--escape", "x0>=1"])
        for k in keys { #expect(two[k]?.doubleValue != nil, "\(k)") }
        #expect(two["pde_asymptotic"]?.boolValue == true)
        let time = try #require(two["pde_time"]?.doubleValue), steps = try #require(two["pde_steps"]?.doubleValue)
        #expect(abs(steps * 0.01 / time - 1) < 1e-12)
        let error = try #require(two["pde_error"]?.doubleValue)
        #expect(abs(time - 182.4176729855807) <= error)
        let one = try json(["--landscape", "double-well", "--noise", "gaussian:sigma=6.324555320336759", "--lr", "0.01", "--escape", "x0>=1"])
        for k in keys + ["pde_asymptotic"] { #expect(one[k]?.isNull == true, "\(k)") }
        // Noise without a constant covariance: null and a note.
        let local = try json(["--landscape", Self.separable, "--start", "-1,0", "--noise", "sgd:batch=1,hessian=local",
                              "--lr", "0.01", "--escape", "x0>=1"])
        #expect(local["pde_time"]?.isNull == true)
        #expect(try #require(local["notes"]?.arrayValue).contains { $0.stringValue?.contains("2-D PDE: needs Gaussian noise") == true })
    }

    /// Non-reversible dynamics: L = (x^2 - 1)^2 + 6 (y + x/2)^2 (a double well
    /// along the valley y = -x/2) with D = eps [[1, 1/2], [1/2, 3]], eps = 1/3
    /// (covariance noise 2 D / lr). D^-1 grad L is not a gradient, so no 1-D
    /// formula applies; the simulation must agree with the PDE (its
    /// shifted-boundary variant: the simulation checks x0 >= 1 once per step)
    /// within 4 SE + 6% + the PDE bound. 6% bounds the O(lr) bias:
    /// lr |tr H(min) - tr H(saddle)| = 0.005 x |23 - 11|, twice the first-order
    /// modified-equation estimate. Dropping D's off-diagonal would halve the
    /// PDE's time (3130 steps instead of 6445).
    @Test func simulationOfNonReversibleDynamicsAgreesWithThePDE() throws {
        let lr = 0.005, eps = 1.0 / 3
        let sigma = Matrix(dimension: 2, entries: [1, 0.5, 0.5, 3].map { 2 * eps * $0 / lr })
        var p = try Self.problem("formula:(x0^2-1)^2 + 6*(x1+0.5*x0)^2", noise: .covariance(sigma), lr: lr,
                                 start: [-1, 0.5], escape: .coordinateAtLeast(0, 1))
        let pde = try #require(try TheoryEstimate(p).pde)
        let reference = try #require(pde.discrete).time / lr
        p.maxSteps = 1_000_000
        let s = EscapeSummary(try p.run(ExecutionPlan(trajectories: 2000, seed: 41, threads: 2)), learningRate: lr)
        let mean = try #require(s.meanEscapeSteps), se = try #require(s.meanEscapeStepsSE)
        #expect(s.censored == 0)
        #expect(abs(mean - reference) <= 4 * se + 0.06 * reference + pde.errorSteps, "\(mean) +- \(se) vs \(reference)")
    }
}
