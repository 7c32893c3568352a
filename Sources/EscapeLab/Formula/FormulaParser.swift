// A recursive-descent parser for the formula grammar, lowest precedence first:
//
//     expression := term (('+' | '-') term)*              left-associative
//     term       := unary (('*' | '/') unary)*            left-associative
//     unary      := ('-' | '+') unary | power
//     power      := primary ('^' unary)?                  right-associative
//     primary    := number | variable | function '(' expression ')' | '(' expression ')'
//     variable   := x0 | x1 | ... | x15
//     function   := exp | log | sqrt | sin | cos | tanh | sigmoid | softplus
//
// So `^` binds tighter than a sign on its left (-x0^2 = -(x0^2), as in
// mathematics and Python), its exponent may carry a sign (x0^-2 = x0^(-2)),
// and x0^2^3 = x0^(2^3). There is no implicit multiplication (2x0 is an
// error) and a function takes exactly one argument.
//
// Only the nesting of parentheses, calls, signs and exponents recurses, and it
// is limited to `maximumDepth` levels, so no input can overflow the stack;
// sums and products of any length are loops. Inputs longer than
// `maximumLength` Characters are refused before anything else is done.

/// Parses formula text into a `FormulaSyntax`.
struct FormulaParser {
    /// The deepest nesting accepted.
    static let maximumDepth = 200
    /// The longest input accepted, in Characters.
    static let maximumLength = 10_000

    private var lexer: FormulaLexer
    private var token: FormulaToken
    private var nodes: [FormulaSyntax.Node] = []
    private var depth = 0
    /// Columns of the '(' currently open, innermost last.
    private var open: [Int] = []

    private static let operand = "a number, a variable x0..x15, a function or '('"

    /// The syntax tree of `text`, or the first problem in it.
    static func parse(_ text: String) throws(FormulaError) -> FormulaSyntax {
        var characters: [Character] = []
        for c in text {
            if characters.count == maximumLength {
                throw FormulaError(column: maximumLength + 1, character: c, problem: .tooLong(limit: maximumLength))
            }
            characters.append(c)
        }
        var parser = try FormulaParser(FormulaLexer(characters))
        if parser.token.kind == .end {
            throw FormulaError(column: parser.token.column, character: nil, problem: .expected("a formula (the input is empty)"))
        }
        _ = try parser.expression()
        switch parser.token.kind {
        case .end: break
        case .close: throw parser.error(.unmatchedClose)
        default: throw parser.error(.expected("an operator (+ - * / ^) or the end of the formula"))
        }
        return FormulaSyntax(nodes: parser.nodes)
    }

    private init(_ lexer: FormulaLexer) throws(FormulaError) {
        self.lexer = lexer
        token = try self.lexer.next()
    }

    private mutating func advance() throws(FormulaError) { token = try lexer.next() }

    private func error(_ problem: FormulaError.Problem) -> FormulaError {
        FormulaError(column: token.column, character: token.character, problem: problem)
    }

    private mutating func append(_ node: FormulaSyntax.Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// Counts one level of nesting at the current token.
    private mutating func enter() throws(FormulaError) {
        depth += 1
        if depth > Self.maximumDepth { throw error(.tooDeep(limit: Self.maximumDepth)) }
    }

    private func isSymbol(_ symbols: Character...) -> Character? {
        if case let .symbol(c) = token.kind, symbols.contains(c) { return c }
        return nil
    }

    private mutating func expression() throws(FormulaError) -> Int {
        var lhs = try term()
        while let c = isSymbol("+", "-") {
            try advance()
            let rhs = try term()
            lhs = append(.binary(c == "+" ? .add : .subtract, lhs, rhs))
        }
        return lhs
    }

    private mutating func term() throws(FormulaError) -> Int {
        var lhs = try unary()
        while let c = isSymbol("*", "/") {
            try advance()
            let rhs = try unary()
            lhs = append(.binary(c == "*" ? .multiply : .divide, lhs, rhs))
        }
        return lhs
    }

    private mutating func unary() throws(FormulaError) -> Int {
        guard let sign = isSymbol("+", "-") else { return try power() }
        try enter()
        try advance()
        let operand = try unary()
        depth -= 1
        return sign == "+" ? operand : append(.negate(operand))
    }

    private mutating func power() throws(FormulaError) -> Int {
        let base = try primary()
        guard isSymbol("^") != nil else { return base }
        try enter()
        try advance()
        let exponent = try unary()
        depth -= 1
        return append(.binary(.power, base, exponent))
    }

    private mutating func primary() throws(FormulaError) -> Int {
        switch token.kind {
        case let .number(value):
            try advance()
            return append(.number(value))
        case let .name(name):
            if let index = try variableIndex(name) {
                try advance()
                return append(.variable(index))
            }
            guard let function = FormulaFunction(rawValue: name) else { throw error(.unknownName(name)) }
            try advance()
            guard token.kind == .open else { throw error(.expected("'(' after '\(name)'")) }
            return append(.call(function, try parenthesized()))
        case .open:
            return try parenthesized()
        default:
            throw error(.expected(Self.operand))
        }
    }

    /// `'(' expression ')'`, the current token being the '('.
    private mutating func parenthesized() throws(FormulaError) -> Int {
        try enter()
        open.append(token.column)
        try advance()
        let inner = try expression()
        // expression() stops only at a token no operator can take: end of
        // input, ')', or something that cannot follow an operand.
        guard token.kind == .close else { throw error(.unclosed(openedAt: open.last!)) }
        open.removeLast()
        depth -= 1
        try advance()
        return inner
    }

    /// The index of `x0`...`x15`; nil for a name that is not `x` and digits.
    private func variableIndex(_ name: String) throws(FormulaError) -> Int? {
        guard name.first == "x", name.count > 1 else { return nil }
        let digits = name.dropFirst()
        guard digits.allSatisfy(FormulaLexer.isDigit), digits == "0" || digits.first != "0" else { return nil }
        guard digits.count <= 2, let index = Int(digits), index < 16 else { throw error(.variableOutOfRange(name)) }
        return index
    }
}
