// Splits a formula into tokens on demand, left to right, so the first error
// reported is the leftmost one. Columns count Characters from 1.
//
// Numbers: digits with an optional fraction and exponent (`2`, `2.`, `.5`,
// `1e-3`, `6.02E+23`); a sign is never part of a number (it is the unary
// operator). Names: a letter or '_' followed by letters, digits and '_'; the
// parser decides whether a name is a variable or a function. Spaces, tabs and
// line breaks separate tokens. Any other character becomes an `invalid` token,
// so the parser can say what it expected in its place.

/// One token and where it starts.
struct FormulaToken: Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double)
        case name(String)
        /// One of + - * / ^
        case symbol(Character)
        case open, close, end
        /// A character that starts no token.
        case invalid
    }

    var kind: Kind
    /// 1-based column of the token's first character.
    var column: Int
    /// The token's first character, nil at the end of input.
    var character: Character?
}

/// The tokens of a formula, produced one at a time.
struct FormulaLexer {
    let characters: [Character]
    var position = 0

    init(_ characters: [Character]) { self.characters = characters }

    /// The next token; throws only for a malformed or non-finite number.
    mutating func next() throws(FormulaError) -> FormulaToken {
        while position < characters.count, Self.isSpace(characters[position]) { position += 1 }
        guard position < characters.count else {
            return FormulaToken(kind: .end, column: position + 1, character: nil)
        }
        let start = position
        let c = characters[position]
        let token = { (kind: FormulaToken.Kind) in FormulaToken(kind: kind, column: start + 1, character: c) }
        switch c {
        case "+", "-", "*", "/", "^":
            position += 1
            return token(.symbol(c))
        case "(":
            position += 1
            return token(.open)
        case ")":
            position += 1
            return token(.close)
        case _ where Self.isDigit(c) || c == ".":
            return token(.number(try number()))
        case _ where Self.isNameStart(c):
            while position < characters.count, Self.isNameStart(characters[position]) || Self.isDigit(characters[position]) {
                position += 1
            }
            return token(.name(String(characters[start..<position])))
        default:
            position += 1
            return token(.invalid)
        }
    }

    /// Scans `digits [. digits] [(e|E) [+|-] digits]` (at least one mantissa digit).
    private mutating func number() throws(FormulaError) -> Double {
        let start = position
        let mantissaDigits = skipDigits()
        if position < characters.count, characters[position] == "." {
            position += 1
            if skipDigits() == 0 && mantissaDigits == 0 {
                throw error(at: position, .expected("a digit after '.'"))
            }
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
            position += 1
            if position < characters.count, characters[position] == "+" || characters[position] == "-" { position += 1 }
            if skipDigits() == 0 {
                let literal = String(characters[start..<position])
                throw error(at: position, .expected("digits in the exponent of '\(FormulaError.escaped(literal))'"))
            }
        }
        let literal = String(characters[start..<position])
        guard let value = Double(literal), value.isFinite else {
            throw error(at: start, .nonFiniteNumber(literal))
        }
        return value
    }

    /// Advances past ASCII digits and returns how many there were.
    private mutating func skipDigits() -> Int {
        let start = position
        while position < characters.count, Self.isDigit(characters[position]) { position += 1 }
        return position - start
    }

    /// An error pointing at the character at `index` (or at the end of input).
    func error(at index: Int, _ problem: FormulaError.Problem) -> FormulaError {
        FormulaError(column: index + 1, character: index < characters.count ? characters[index] : nil, problem: problem)
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    static func isNameStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" }
}
