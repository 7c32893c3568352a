// Every way a formula's text can be rejected. Each error points at one
// character (1-based column, counted in Characters) and renders as one line:
//
//     column 7 ('*'): expected a number, a variable x0..x15, a function or '('
//
// Characters other than printable ASCII are written as U+XXXX, so a newline
// or a line separator in the input cannot break the message over two lines.

/// A formula that cannot be parsed: where, and what was wrong there.
public struct FormulaError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What was wrong at `column`.
    public enum Problem: Equatable, Sendable {
        /// Something else was required here; the payload says what, e.g. "')'".
        case expected(String)
        /// A name that is neither a variable nor a function.
        case unknownName(String)
        /// A variable past x15, e.g. "x16".
        case variableOutOfRange(String)
        /// A numeric literal that overflows a Double, e.g. "1e999".
        case nonFiniteNumber(String)
        /// A ')' with no '(' open.
        case unmatchedClose
        /// Something other than an operator or ')' after an operand inside the '(' at the payload's column.
        case unclosed(openedAt: Int)
        /// Parentheses, function calls, signs and exponents nested deeper than the limit.
        case tooDeep(limit: Int)
        /// An input longer than the limit (in Characters).
        case tooLong(limit: Int)
    }

    /// 1-based column of the offending character (one past the end for end of input).
    public let column: Int
    /// The offending character, nil at the end of the input.
    public let character: Character?
    /// What was wrong.
    public let problem: Problem

    public init(column: Int, character: Character?, problem: Problem) {
        self.column = column
        self.character = character
        self.problem = problem
    }

    public var description: String {
        "column \(column) (\(Self.render(character))): \(message)"
    }

    /// The problem alone, without the position.
    public var message: String {
        switch problem {
        case let .expected(what):
            return "expected \(what)"
        case let .unknownName(name):
            return "unknown name '\(Self.escaped(name))': expected a variable x0..x15 or a function "
                + FormulaFunction.allCases.map(\.rawValue).joined(separator: ", ")
        case let .variableOutOfRange(name):
            return "variable '\(Self.escaped(name))' is out of range: the variables are x0..x15"
        case let .nonFiniteNumber(literal):
            return "number '\(Self.escaped(literal))' is not a finite Double"
        case .unmatchedClose:
            return "unmatched ')': no '(' is open"
        case let .unclosed(openedAt):
            return "expected an operator or ')' to close the '(' at column \(openedAt)"
        case let .tooDeep(limit):
            return "nested deeper than \(limit) levels (parentheses, function calls, signs and exponents each count)"
        case let .tooLong(limit):
            return "formula longer than \(limit) characters"
        }
    }

    /// `'c'` for printable ASCII, `U+XXXX` (one per scalar) for anything else, `end of input` for nil.
    static func render(_ c: Character?) -> String {
        guard let c else { return "end of input" }
        if let a = c.asciiValue, (0x20...0x7E).contains(a) { return "'\(c)'" }
        return c.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
    }

    /// A name or literal from the input with anything but printable ASCII as U+XXXX.
    static func escaped(_ s: String) -> String {
        s.map { c in
            if let a = c.asciiValue, (0x20...0x7E).contains(a) { return String(c) }
            return render(c)
        }.joined()
    }
}
