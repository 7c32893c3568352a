import Foundation
import Testing
@testable import EscapeLab

/// Formula landscapes: parsing, canonical text, exact derivatives against
/// finite differences, values against the same expression written in Swift,
/// and every kind of malformed input refused with a one-line error.
@Suite struct FormulaTests {
    struct Case: CustomStringConvertible, Sendable {
        let text: String
        let dimension: Int
        /// The same expression written directly in Swift.
        let direct: @Sendable ([Double]) -> Double
        var description: String { text }
    }

    static func sigmoid(_ u: Double) -> Double { u >= 0 ? 1 / (1 + exp(-u)) : exp(u) / (1 + exp(u)) }
    static func softplus(_ u: Double) -> Double { u > 0 ? u + log1p(exp(-u)) : log1p(exp(u)) }

    /// Every operator (+ - * /, ^ with integer, negative, large, real and variable
    /// exponents, unary - and +) and every function, in 1 to 4 dimensions.
    static let cases: [Case] = [
        Case(text: "(x0^2 - 1)^2", dimension: 1) { x in
            let a = x[0] * x[0] - 1
            return a * a
        },
        Case(text: "(x0^2-1)^2 + 0.5*x1^2 + 0.1*x0", dimension: 2) { x in
            let a = x[0] * x[0] - 1
            return a * a + 0.5 * (x[1] * x[1]) + 0.1 * x[0]
        },
        Case(text: "exp(-x0^2/2)*sin(3*x1) + cos(x0*x1)", dimension: 2) { x in
            exp(-(x[0] * x[0]) / 2) * sin(3 * x[1]) + cos(x[0] * x[1])
        },
        Case(text: "log(1 + x0^2 + x1^2) + sqrt(2 + x2^2)", dimension: 3) { x in
            log(1 + x[0] * x[0] + x[1] * x[1]) + sqrt(2 + x[2] * x[2])
        },
        Case(text: "tanh(x0 - 2*x1)*sigmoid(x2 + x3) + softplus(x0*x3)", dimension: 4) { x in
            tanh(x[0] - 2 * x[1]) * sigmoid(x[2] + x[3]) + softplus(x[0] * x[3])
        },
        Case(text: "(1.5 + sin(x0))^(x1^2 + 0.5)", dimension: 2) { x in
            pow(1.5 + sin(x[0]), x[1] * x[1] + 0.5)
        },
        Case(text: "(x0^2 + 1)^0.75 + (2 + x1)^-3", dimension: 2) { x in
            pow(x[0] * x[0] + 1, 0.75) + 1 / pow(2 + x[1], 3)
        },
        Case(text: "x0*x1*x2/(1 + x0^2 + x2^4) - -x1^3 + +x2", dimension: 3) { x in
            x[0] * x[1] * x[2] / (1 + x[0] * x[0] + pow(x[2], 4)) + pow(x[1], 3) + x[2]
        },
        Case(text: "sigmoid(x0)*(1 - sigmoid(x0))*x1^5 - 1e-3*x1^17", dimension: 2) { x in
            let s = sigmoid(x[0])
            return s * (1 - s) * pow(x[1], 5) - 1e-3 * pow(x[1], 17)
        },
        Case(text: "2^(x0 - x1) + softplus(-3*x2) - log(sigmoid(x1*x2)) + x3/(2 + cos(x3))", dimension: 4) { x in
            pow(2, x[0] - x[1]) + softplus(-3 * x[2]) - log(sigmoid(x[1] * x[2])) + x[3] / (2 + cos(x[3]))
        },
    ]

    /// Random points in [-1.5, 1.5]^d, inside every case's domain.
    static func points(_ dimension: Int, seed: UInt64 = 11) -> [[Double]] {
        var rng = SplitMix(seed: seed)
        return (0..<8).map { _ in (0..<dimension).map { _ in 3 * rng.uniform() - 1.5 } }
    }

    /// Central differences with step h are off by h^2 f'''/6 (truncation) plus
    /// about eps |f| / h (rounding); with a factor 1e3 of room for the size of
    /// the third derivatives here, relative to the size of the values compared:
    /// h = 1e-5 gives ~1.2e-7, h = 1e-4 gives ~1e-5.
    static func tolerance(step h: Double, scale: Double) -> Double {
        1e3 * (h * h + Double.ulpOfOne / h) * max(1, scale)
    }

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(_ c: Case) throws {
        let f = try Formula(parsing: c.text)
        #expect(f.dimension == c.dimension)
        for x in Self.points(c.dimension) {
            let g = f.gradient(at: x)
            for i in 0..<c.dimension {
                let fd = centralDifference({ f.value(at: $0) }, at: x, i, h: 1e-5)
                let tol = Self.tolerance(step: 1e-5, scale: max(abs(f.value(at: x)), abs(fd)))
                #expect(abs(g[i] - fd) <= tol, "\(c) d/dx\(i) at \(x): \(g[i]) vs \(fd)")
            }
        }
    }

    @Test(arguments: cases)
    func hessianMatchesFiniteDifferencesOfTheGradient(_ c: Case) throws {
        let f = try Formula(parsing: c.text)
        let d = c.dimension
        for x in Self.points(d) {
            let h = f.hessian(at: x)
            let g = f.gradient(at: x)
            for i in 0..<d {
                for j in 0..<d {
                    #expect(h[i * d + j] == h[j * d + i], "symmetric by construction")
                    let fd = centralDifference({ f.gradient(at: $0)[i] }, at: x, j, h: 1e-4)
                    let tol = Self.tolerance(step: 1e-4, scale: max(abs(g[i]), abs(fd)))
                    #expect(abs(h[i * d + j] - fd) <= tol, "\(c) H[\(i),\(j)] at \(x): \(h[i * d + j]) vs \(fd)")
                }
            }
        }
    }

    @Test(arguments: cases)
    func valuesMatchTheExpressionWrittenInSwift(_ c: Case) throws {
        let f = try Formula(parsing: c.text)
        for x in Self.points(c.dimension, seed: 12) + [[Double](repeating: 0.25, count: c.dimension)] {
            let direct = c.direct(x)
            // The program rounds differently from the Swift expression only where it
            // multiplies a power out (x^3 = x*x*x against pow) or merges constants.
            #expect(abs(f.value(at: x) - direct) <= 1e-14 * abs(direct), "\(c) at \(x): \(f.value(at: x)) vs \(direct)")
        }
    }

    @Test(arguments: cases)
    func combinedProgramsAgreeWithTheSeparateOnes(_ c: Case) throws {
        let f = try Formula(parsing: c.text)
        let d = c.dimension
        for x in Self.points(d) {
            var g = [Double](repeating: .nan, count: d)
            var g2 = [Double](repeating: .nan, count: d)
            var h = [Double](repeating: .nan, count: d * d)
            let v = x.withUnsafeBufferPointer { f.valueAndGradient($0.baseAddress!, into: &g) }
            x.withUnsafeBufferPointer { f.gradientAndHessian($0.baseAddress!, gradient: &g2, hessian: &h) }
            // The same graph nodes compile to the same instructions: equal, not close.
            #expect(v == f.value(at: x))
            #expect(g == f.gradient(at: x) && g2 == g)
            #expect(h == f.hessian(at: x))
        }
    }

    @Test func precedenceAndAssociativity() throws {
        func value(_ text: String, _ x: [Double] = [3]) throws -> Double { try Formula(parsing: text).value(at: x) }
        #expect(try value("-x0^2") == -9)        // ^ binds tighter than a sign
        #expect(try value("(-x0)^2") == 9)
        #expect(try value("-2^2") == -4)
        #expect(try value("2^-1") == 0.5)         // an exponent may carry a sign
        #expect(try value("2^3^2") == 512)        // right-associative: 2^(3^2)
        #expect(try value("(2^3)^2") == 64)
        #expect(try value("2^-x0^2") == pow(2, -9))
        #expect(try value("x0 - 1 - 1") == 1)     // left-associative
        #expect(try value("12/x0/2") == 2)
        #expect(try value("1 + 2*x0^2") == 19)
        #expect(try value("2*-x0") == -6)
        #expect(try value("--x0") == 3)
        #expect(try value("+x0") == 3)
        #expect(try value(" \t1e-3 *x0 + .5\n") == 1e-3 * 3 + 0.5)
        #expect(try value("6.02E+23") == 6.02e23)
        #expect(try value("2.") == 2)
    }

    @Test func dimensionCountsEveryVariableNamed() throws {
        let constant = try Formula(parsing: "1")
        #expect(constant.dimension == 1 && constant.gradient(at: [5]) == [0] && constant.hessian(at: [5]) == [0])
        #expect(try Formula(parsing: "x3").dimension == 4)
        #expect(try Formula(parsing: "x15").dimension == 16)
        let f = try Formula(parsing: "0*x5 + x0^2")
        #expect(f.dimension == 6)
        #expect(f.gradient(at: [1, 2, 3, 4, 5, 6]) == [2, 0, 0, 0, 0, 0])
        #expect(f.hessian(at: [Double](repeating: 1, count: 6)) == [2] + [Double](repeating: 0, count: 35))
    }

    /// Large arguments: the stable forms give exact limits where the naive ones give inf/inf or log(inf).
    @Test func sigmoidAndSoftplusAreStable() throws {
        let s = try Formula(parsing: "sigmoid(x0)")
        let sp = try Formula(parsing: "softplus(x0)")
        #expect(s.value(at: [800]) == 1 && s.value(at: [-800]) == 0)
        #expect(s.gradient(at: [800]) == [0] && s.gradient(at: [-800]) == [0])
        #expect(sp.value(at: [800]) == 800 && sp.value(at: [-800]) == 0)
        #expect(sp.gradient(at: [800]) == [1] && sp.hessian(at: [800]) == [0])
        #expect(sp.value(at: [-40]) == log1p(exp(-40)) && sp.value(at: [-40]) > 0)  // log(1 + e^-40) would be 0
    }

    /// Outside a function's domain the result is what IEEE arithmetic gives, never a trap.
    @Test func domainErrorsAreValues() throws {
        #expect(try Formula(parsing: "log(x0)").value(at: [-1]).isNaN)
        #expect(try Formula(parsing: "log(x0)").value(at: [0]) == -.infinity)
        #expect(try Formula(parsing: "sqrt(x0)").gradient(at: [0]) == [.infinity])
        #expect(try Formula(parsing: "x0^x1").value(at: [-2, 2]).isNaN)      // exp(b log a): a > 0
        #expect(try Formula(parsing: "x0^x1").value(at: [0, 2]) == 0)
        #expect(try Formula(parsing: "x0^x1").gradient(at: [0, 2])[0] == 0)  // 2 x0^(2-1) at 0
        #expect(try Formula(parsing: "1/x0").value(at: [0]) == .infinity)
        #expect(try Formula(parsing: "log(0) + x0").value(at: [1]) == -.infinity)
        #expect(try Formula(parsing: "exp(1000*x0)").gradient(at: [1]) == [.infinity])
    }

    /// The simplifier and compiler leave the double well's gradient 4 (x0^2 - 1) x0 at six
    /// instructions, x0 the only value read back from a register (the other is the sink).
    @Test func doubleWellGradientProgramIsShort() throws {
        let f = try Formula(parsing: "(x0^2 - 1)^2")
        #expect(f.gradientProgram.instructions.map(\.op) == [.load, .square, .addConstant, .multiply, .multiplyConstant, .store])
        #expect(f.valueProgram.instructions.map(\.op) == [.load, .square, .addConstant, .square, .storeAux])
        #expect(f.gradientProgram.registerCount == 2)
    }

    // MARK: Canonical text

    static let spellings: [(String, String)] = [
        ("(x0^2-1)^2 + 0.5*x1^2 + 0.1*x0", "(x0^2 - 1)^2 + 0.5*x1^2 + 0.1*x0"),
        ("((x0))", "x0"),
        ("-x0^2", "-x0^2"),
        ("(-x0)^2", "(-x0)^2"),
        ("x0^-2", "x0^-2"),
        ("x0^(2^3)", "x0^2^3"),
        ("(x0^2)^3", "(x0^2)^3"),
        ("x0 - (x1 - x2)", "x0 - (x1 - x2)"),
        ("x0 + (x1 + x2)", "x0 + (x1 + x2)"),
        ("(x0 + x1) + x2", "x0 + x1 + x2"),
        ("x0/(x1*x2)", "x0/(x1*x2)"),
        ("--x0", "-(-x0)"),
        ("+x0", "x0"),
        ("x0*-x1", "x0*(-x1)"),
        ("-(x0*x1)", "-(x0*x1)"),
        ("(-x0)*x1", "-x0*x1"),
        ("1e-3*x0 + .5 + 2.50 + 1E5 + 6.02e23 + 1e-05", "0.001*x0 + 0.5 + 2.5 + 100000 + 6.02e+23 + 1e-05"),
        ("exp( x0 )*sigmoid (x1)", "exp(x0)*sigmoid(x1)"),
        ("2^(-x0)", "2^-x0"),
        ("x0^(x1+1)", "x0^(x1 + 1)"),
    ]

    @Test func canonicalSpellings() throws {
        for (input, canonical) in Self.spellings {
            #expect(try Formula(parsing: input).text == canonical, "\(input)")
        }
    }

    /// Parsing the canonical text gives the same tree and therefore the same five programs.
    @Test func canonicalTextRoundTrips() throws {
        for text in Self.cases.map(\.text) + Self.spellings.map(\.0) {
            let f = try Formula(parsing: text)
            let g = try Formula(parsing: f.text)
            #expect(g.text == f.text)
            #expect(try FormulaParser.parse(f.text) == FormulaParser.parse(text), "\(text)")
            #expect(g.dimension == f.dimension)
            #expect(g.valueProgram == f.valueProgram && g.gradientProgram == f.gradientProgram
                    && g.valueAndGradientProgram == f.valueAndGradientProgram
                    && g.hessianProgram == f.hessianProgram && g.gradientAndHessianProgram == f.gradientAndHessianProgram,
                    "\(text)")
        }
    }

    // MARK: Malformed input

    struct Malformed: CustomStringConvertible, Sendable {
        let text: String
        let column: Int
        let problem: FormulaError.Problem?
        init(_ text: String, _ column: Int, _ problem: FormulaError.Problem? = nil) {
            self.text = text
            self.column = column
            self.problem = problem
        }
        var description: String { text.debugDescription }
    }

    static let malformed: [Malformed] = [
        Malformed("", 1, .expected("a formula (the input is empty)")),
        Malformed("   ", 4, .expected("a formula (the input is empty)")),
        Malformed("x0 +* x1", 5, .expected("a number, a variable x0..x15, a function or '('")),
        Malformed("(x0 + 1", 8, .unclosed(openedAt: 1)),
        Malformed("x0*(1 + (x1 - 2)", 17, .unclosed(openedAt: 4)),
        Malformed("x0 + 1)", 7, .unmatchedClose),
        Malformed("foo(x0)", 1, .unknownName("foo")),
        Malformed("X0 + 1", 1, .unknownName("X0")),
        Malformed("x01", 1, .unknownName("x01")),
        Malformed("x1 + x16", 6, .variableOutOfRange("x16")),
        Malformed("x99999999999999999999999", 1, .variableOutOfRange("x99999999999999999999999")),
        Malformed("2 * 1e999", 5, .nonFiniteNumber("1e999")),
        Malformed("x0 x1", 4),
        Malformed("2x0", 2),
        Malformed("exp x0", 5, .expected("'(' after 'exp'")),
        Malformed("exp()", 5),
        Malformed("sin(x0, x1)", 7, .unclosed(openedAt: 4)),
        Malformed("x0 + $", 6),
        Malformed("x0^", 4),
        Malformed("1e+ x0", 4),
        Malformed(".", 2, .expected("a digit after '.'")),
        Malformed("1.2.3", 4),
        Malformed("x0 + \u{e9}", 6),
        Malformed("x0\n+\u{2028})", 5),
        Malformed("--", 3),
    ]

    @Test(arguments: malformed)
    func malformedFormulaIsRefusedWithItsColumn(_ m: Malformed) {
        do {
            let f = try Formula(parsing: m.text)
            Issue.record("\(m) parsed as \(f.text)")
        } catch {
            let line = error.description
            #expect(error.column == m.column, "\(m): \(line)")
            #expect(line.hasPrefix("column \(m.column) ("), "\(m): \(line)")
            let lines = line.split(whereSeparator: \.isNewline).count
            #expect(lines == 1, "one line: \(line.debugDescription)")
            #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "printable ASCII: \(line.debugDescription)")
            if let problem = m.problem { #expect(error.problem == problem, "\(m): \(line)") }
        }
    }

    @Test func errorMessagesNameTheCharacterAndWhatWasExpected() {
        func message(_ text: String) -> String {
            do { _ = try Formula(parsing: text); return "" } catch { return error.description }
        }
        #expect(message("x0 +* x1") == "column 5 ('*'): expected a number, a variable x0..x15, a function or '('")
        #expect(message("(x0 + 1") == "column 8 (end of input): expected an operator or ')' to close the '(' at column 1")
        #expect(message("x0 + \u{e9}") == "column 6 (U+00E9): expected a number, a variable x0..x15, a function or '('")
        #expect(message("x0 x1") == "column 4 ('x'): expected an operator (+ - * / ^) or the end of the formula")
        #expect(message("cosh(x0)").hasSuffix("unknown name 'cosh': expected a variable x0..x15 or a function exp, log, sqrt, sin, cos, tanh, sigmoid, softplus"))
    }

    // MARK: Limits

    @Test func deepNestingIsRefusedAtTheLimit() throws {
        let limit = FormulaParser.maximumDepth
        let ok = String(repeating: "(", count: limit) + "x0" + String(repeating: ")", count: limit)
        #expect(try Formula(parsing: ok).text == "x0")
        let cases = [
            String(repeating: "(", count: 4000) + "x0" + String(repeating: ")", count: 4000),
            String(repeating: "exp(", count: 1500) + "x0" + String(repeating: ")", count: 1500),
            String(repeating: "-", count: 5000) + "x0",
            Array(repeating: "x0", count: 3000).joined(separator: "^"),
        ]
        for text in cases {
            #expect(throws: FormulaError.self) { try Formula(parsing: text) }
            do { _ = try Formula(parsing: text) } catch {
                #expect(error.problem == .tooDeep(limit: limit), "\(error)")
            }
        }
    }

    @Test func hugeInputsAreRefusedNotCrashed() {
        let nested = String(repeating: "(", count: 100_000) + "x0" + String(repeating: ")", count: 100_000)
        let long = String(repeating: "x0 + ", count: 200_000)  // 10^6 characters
        for text in [nested, long] {
            do {
                _ = try Formula(parsing: text)
                Issue.record("accepted \(text.count) characters")
            } catch {
                #expect(error.problem == .tooLong(limit: FormulaParser.maximumLength))
                #expect(error.column == FormulaParser.maximumLength + 1)
            }
        }
    }

    /// Random formulas, half of them with one character inserted, deleted or replaced:
    /// every input either parses (and then evaluates, and its canonical text
    /// round-trips) or is refused with a column inside the input.
    @Test func randomInputsParseOrAreRefused() throws {
        var rng = SplitMix(seed: 5)
        func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }
        func expression(_ depth: Int) -> String {
            if depth == 0 || rng.uniform() < 0.3 {
                return pick(["x0", "x2", "x15", "1", "2.5", ".5", "1e-3", "0", "3"])
            }
            switch rng.next() % 5 {
            case 0, 1: return expression(depth - 1) + pick([" + ", " - ", "*", "/", "^"]) + expression(depth - 1)
            case 2: return pick(["-", "+"]) + expression(depth - 1)
            case 3: return pick(FormulaFunction.allCases.map(\.rawValue)) + "(" + expression(depth - 1) + ")"
            default: return "(" + expression(depth - 1) + ")^" + pick(["2", "-1", "0.5", "x1", "17", "-3"])
            }
        }
        let noise: [Character] = ["(", ")", "+", "-", "*", "/", "^", "x", "1", ".", "e", " ", "$", ","]
        var parsed = 0, refused = 0
        for _ in 0..<2000 {
            var text = Array(expression(5))
            if rng.uniform() < 0.5, !text.isEmpty {
                let k = Int(rng.next() % UInt64(text.count))
                switch rng.next() % 3 {
                case 0: text.insert(pick(noise), at: k)
                case 1: text.remove(at: k)
                default: text[k] = pick(noise)
                }
            }
            let input = String(text)
            do {
                let f = try Formula(parsing: input)
                parsed += 1
                let x = (0..<f.dimension).map { _ in 4 * rng.uniform() - 2 }
                _ = (f.value(at: x), f.gradient(at: x), f.hessian(at: x))
                #expect(try Formula(parsing: f.text).text == f.text, "\(input)")
            } catch {
                refused += 1
                #expect((1...text.count + 1).contains(error.column), "\(input.debugDescription): \(error)")
                #expect(error.description.split(whereSeparator: \.isNewline).count == 1)
            }
        }
        #expect(parsed > 500 && refused > 200)
    }

    /// A sum thousands of terms long is a deep tree; printing, differentiating and
    /// compiling it are loops, so it neither overflows the stack nor takes long.
    @Test func longestAcceptedChainCompiles() throws {
        let terms = (FormulaParser.maximumLength - 12) / 8
        let text = (0..<terms).map { "x\($0 % 4)*x\(($0 + 1) % 4)" }.joined(separator: " + ")
        #expect(text.count <= FormulaParser.maximumLength)
        let f = try Formula(parsing: text)
        #expect(try Formula(parsing: f.text).text == f.text)
        let g = f.gradient(at: [1, 1, 1, 1])
        // Each term x_i x_(i+1) adds 1 to two gradient entries.
        #expect(g.reduce(0, +) == Double(2 * terms))
    }
}
