// A loss landscape written as text, e.g. `(x0^2 - 1)^2 + 0.5*x1^2 + 0.1*x0`,
// parsed once, differentiated exactly (symbolically, see FormulaDerivatives),
// and compiled into five straight-line programs (value, gradient, value and
// gradient, Hessian, gradient and Hessian). Evaluating one is a single
// interpreter loop over a short instruction array, with no allocation, so
// `gradient` can sit in the simulator's hot loop: about 15 ns for the
// double well's gradient.
//
// The grammar and its precedence are in FormulaParser.swift; the
// simplifications the derivatives go through in FormulaGraph.swift; the
// instruction set in FormulaProgram.swift.

/// A formula over x0...x15, parsed and compiled to programs for its value, gradient and Hessian.
///
/// ```
/// f(x)         the formula; + - * / ^, unary -, exp log sqrt sin cos tanh sigmoid softplus
/// g_i(x)       = df/dx_i                              i < dimension
/// H_ij(x)      = d^2 f / dx_i dx_j  (row-major, exactly symmetric)
/// a^n          integer n: by multiplication (|n| <= 16) or pow; derivative n a^(n-1)
/// a^c          other constant c: pow(a, c); derivative c a^(c-1)
/// a^b          variable b: exp(b log a), defined for a > 0; derivative a^b (b' log a + b a'/a)
/// sigmoid(u)   1/(1 + e^-u), stable for large |u|; derivative s (1 - s)
/// softplus(u)  log(1 + e^u) = u + log1p(e^-u) for u > 0; derivative sigmoid(u)
/// ```
///
/// Values follow IEEE arithmetic: log or sqrt of a negative number is NaN,
/// log(0) is -inf; a simulation that reaches them sees a non-finite loss or
/// gradient, which is an outcome, not an error. The simplifier assumes
/// finite values: 0*u is 0 and u - u is 0 even where u is infinite or NaN
/// (which is what makes a term without x_i contribute exactly 0 to g_i).
///
/// The evaluation methods are `@inlinable`: a client module compiles the
/// interpreter loop into its own code.
public struct Formula: Sendable, CustomStringConvertible {
    /// The canonical text: the formula with the fewest parentheses, spaces around + and -
    /// and numbers in shortest form. `Formula(parsing: f.text)` compiles to the same programs.
    public let text: String
    /// 1 + the highest variable index the text names (at least 1).
    public let dimension: Int

    @usableFromInline let valueProgram: FormulaProgram
    @usableFromInline let gradientProgram: FormulaProgram
    @usableFromInline let valueAndGradientProgram: FormulaProgram
    @usableFromInline let hessianProgram: FormulaProgram
    @usableFromInline let gradientAndHessianProgram: FormulaProgram

    /// Parses and compiles `text`.
    ///
    /// - Throws: `FormulaError`, naming the column of the first offending character.
    /// - Complexity: linear in the formula for the value and gradient, and in
    ///   dimension times the gradient's size for the Hessian; done once.
    public init(parsing text: String) throws(FormulaError) {
        self.init(try FormulaParser.parse(text))
    }

    init(_ syntax: FormulaSyntax) {
        text = syntax.canonicalText
        dimension = syntax.dimension
        var graph = FormulaGraph()
        var node: [Int] = []
        node.reserveCapacity(syntax.nodes.count)
        for n in syntax.nodes {
            switch n {
            case let .number(v): node.append(graph.constant(v))
            case let .variable(i): node.append(graph.variable(i))
            case let .negate(a): node.append(graph.negate(node[a]))
            case let .call(f, a): node.append(graph.call(f, node[a]))
            case let .binary(op, a, b):
                switch op {
                case .add: node.append(graph.add(node[a], node[b]))
                case .subtract: node.append(graph.subtract(node[a], node[b]))
                case .multiply: node.append(graph.multiply(node[a], node[b]))
                case .divide: node.append(graph.divide(node[a], node[b]))
                case .power: node.append(graph.power(node[a], node[b]))
                }
            }
        }
        let f = node[syntax.root]
        let g = graph.gradient(of: f, dimension: dimension)
        let h = graph.hessian(of: g)
        let value = [FormulaOutput(node: f, array: .aux, index: 0)]
        let gradient = g.enumerated().map { FormulaOutput(node: $1, array: .out, index: $0) }
        let hessian = h.enumerated().map { FormulaOutput(node: $1, array: .aux, index: $0) }
        valueProgram = graph.compile(value)
        gradientProgram = graph.compile(gradient)
        valueAndGradientProgram = graph.compile(gradient + value)
        hessianProgram = graph.compile(hessian)
        gradientAndHessianProgram = graph.compile(gradient + hessian)
    }

    public var description: String { text }

    /// f(x); reads `dimension` entries of `x`.
    @inlinable
    public func value(_ x: UnsafePointer<Double>) -> Double {
        var f = 0.0
        valueProgram.run(load: { x[$0] }, store: { _, _ in }, storeAux: { _, v in f = v })
        return f
    }

    /// Writes g = grad f(x), `dimension` entries, to `g`.
    @inlinable
    public func gradient(_ x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>) {
        gradientProgram.run(load: { x[$0] }, store: { g[$0] = $1 }, storeAux: { _, _ in })
    }

    /// Writes grad f(x) to `g` and returns f(x), sharing their common subexpressions.
    @inlinable
    public func valueAndGradient(_ x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>) -> Double {
        var f = 0.0
        valueAndGradientProgram.run(load: { x[$0] }, store: { g[$0] = $1 }, storeAux: { _, v in f = v })
        return f
    }

    /// Writes the Hessian H_ij = d^2 f / dx_i dx_j, row-major, `dimension`^2 entries, to `h`.
    @inlinable
    public func hessian(_ x: UnsafePointer<Double>, into h: UnsafeMutablePointer<Double>) {
        hessianProgram.run(load: { x[$0] }, store: { _, _ in }, storeAux: { h[$0] = $1 })
    }

    /// Writes grad f(x) to `g` and the Hessian (row-major) to `h`, sharing their common subexpressions.
    @inlinable
    public func gradientAndHessian(_ x: UnsafePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
                                   hessian h: UnsafeMutablePointer<Double>) {
        gradientAndHessianProgram.run(load: { x[$0] }, store: { g[$0] = $1 }, storeAux: { h[$0] = $1 })
    }
}

extension Formula {
    /// f(x) for an array of `dimension` entries (for tests and one-off use, not hot loops).
    public func value(at x: [Double]) -> Double {
        precondition(x.count == dimension, "expected \(dimension) coordinates")
        return x.withUnsafeBufferPointer { value($0.baseAddress!) }
    }

    /// grad f(x) as a new array.
    public func gradient(at x: [Double]) -> [Double] {
        precondition(x.count == dimension, "expected \(dimension) coordinates")
        var g = [Double](repeating: 0, count: dimension)
        x.withUnsafeBufferPointer { xp in g.withUnsafeMutableBufferPointer { gradient(xp.baseAddress!, into: $0.baseAddress!) } }
        return g
    }

    /// The Hessian as a new row-major array of `dimension`^2 entries.
    public func hessian(at x: [Double]) -> [Double] {
        precondition(x.count == dimension, "expected \(dimension) coordinates")
        var h = [Double](repeating: 0, count: dimension * dimension)
        x.withUnsafeBufferPointer { xp in h.withUnsafeMutableBufferPointer { hessian(xp.baseAddress!, into: $0.baseAddress!) } }
        return h
    }
}
