import EscapeLabTestSupport
import Foundation
import Testing
@testable import EscapeLab

/// `--landscape 'formula:...'`: the same trajectories as the built-in
/// landscape it spells out, exact derivatives, and one-line parse errors.
@Suite struct FormulaLandscapeTests {
    static let pairs: [(formula: String, builtIn: any Landscape, start: [Double])] = [
        ("(x0^2 - 1)^2", DoubleWell(), [-0.3]),
        ("3*(2*x0^2 - 1)^2", DoubleWell(barrier: 3, k: 2), [0.2]),
        ("0.5*(x0^4 - 16*x0^2 + 5*x0 + x1^4 - 16*x1^2 + 5*x1)", StyblinskiTang(dimension: 2, k: 1), [2.5, -0.4]),
    ]
    static let optimizers: [OptimizerSpec] = [.sgd(SGDConfig()), .sgd(SGDConfig(momentum: 0.9)), .adam(AdamConfig())]

    @Test(arguments: 0..<pairs.count)
    func noiseFreeTracesMatchTheBuiltInLandscape(_ k: Int) throws {
        let (text, builtIn, start) = Self.pairs[k]
        let formula = try FormulaLandscape(parsing: text)
        #expect(formula.dimension == builtIn.dimension)
        for o in Self.optimizers {
            func trace(_ l: any Landscape) throws -> Trace {
                try Problem(landscape: l, optimizer: o, learningRate: 0.01, noise: .none, start: start, escape: .never,
                            maxSteps: 1).trace(seed: 1, steps: 100)
            }
            let a = try trace(formula), b = try trace(builtIn)
            // Relative to the coordinates' scale (order 1) and to the loss's
            // (the barrier height): near a minimum the loss itself goes to 0.
            for (x, y) in zip(a.points, b.points) {
                #expect(abs(x - y) <= 1e-12 * max(abs(y), 1), "\(text) \(o.spec): \(x) vs \(y)")
            }
            let scale = b.losses.map(abs).max() ?? 1
            for (x, y) in zip(a.losses, b.losses) { #expect(abs(x - y) <= 1e-12 * max(abs(y), scale)) }
        }
    }

    @Test(arguments: 0..<pairs.count)
    func gradientAndHessianMatchTheBuiltInLandscape(_ k: Int) throws {
        let (text, builtIn, start) = Self.pairs[k]
        let formula = try FormulaLandscape(parsing: text)
        for (a, b) in zip(formula.gradient(at: start), builtIn.gradient(at: start)) {
            #expect(abs(a - b) <= 1e-12 * max(abs(b), 1))
        }
        for (a, b) in zip(formula.hessian(at: start).entries, builtIn.hessian(at: start).entries) {
            #expect(abs(a - b) <= 1e-12 * max(abs(b), 1))
        }
    }

    @Test func specRoundTripsAndNeedsAStart() throws {
        let l = try Registry.builtIn.landscape(parsing: "formula:(x0^2-1)^2 + 0.5*x1^2")
        #expect(try Registry.builtIn.landscape(parsing: l.spec).spec == l.spec)
        #expect(throws: SpecError.self) {
            try Problem(parsingLandscape: "formula:x0^2", optimizer: "sgd", learningRate: 0.1, noise: "none",
                        start: { nil }, escape: nil, maxSteps: 10)
        }
    }

    static let malformed = [
        "", "x0 +", "(x0", "x0)", "x0 ** 2", "2x0", "x16", "y0", "exp x0", "exp()", "sin(x0, x1)", "1e999",
        "x0 + * x1", "sqrtx0", "x0 ^", "--", ".", "x0..1", "log(x0", "x0 $ 1",
    ]

    @Test(arguments: malformed)
    func malformedFormulasGetOneLineErrors(_ text: String) throws {
        let r = try TestSupport.run(["run", "--landscape", "formula:" + text, "--start", "0", "--trajectories", "2",
                                     "--max-steps", "10", "--quiet"])
        #expect(r.status == 64, "\(text): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(text): \(r.stderr)")
        #expect(r.stderr.contains("--landscape") && r.stderr.contains("formula"), "\(text): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func theoryOfAOneDimensionalFormulaIsTheDoubleWells() throws {
        let problem = ["--noise", "gaussian:sigma=5", "--lr", "0.01", "--start", "-1", "--escape", "x0>=1", "--format", "json"]
        let a = try TestSupport.run(["theory", "--landscape", "formula:(x0^2-1)^2"] + problem)
        let b = try TestSupport.run(["theory", "--landscape", "double-well"] + problem)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let ta = try JSONParser.parse(a.stdout)["mfpt_steps"]?.doubleValue
        let tb = try JSONParser.parse(b.stdout)["mfpt_steps"]?.doubleValue
        #expect(ta != nil && tb != nil)
        if let ta, let tb { #expect(abs(ta / tb - 1) < 1e-9) }
    }
}
