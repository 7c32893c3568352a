// `--landscape 'formula:EXPR'`: a landscape typed on the command line. The
// text is parsed, differentiated and compiled once (`Formula`); each step
// copies the point into a stack buffer and runs the compiled gradient
// program, so a formula runs through the same specialised hot loop as a
// built-in landscape, with no string work per step.

/// A landscape given by a formula over x0...x15 (see ``Formula`` for the grammar).
///
/// ```
/// formula:(x0^2-1)^2 + 0.5*x1^2 + 0.1*x0     L(x) = the formula, d = 1 + highest index used
/// ```
/// It has no default start point (a run must give `--start`), no named
/// minimum or saddle, and escapes nowhere unless `--escape` says so.
public struct FormulaLandscape: LandscapeParsing {
    public static let specName = "formula"
    public static let summary = "L = EXPR over x0...x15: + - * / ^, unary -, parentheses, exp log sqrt sin cos tanh sigmoid softplus; exact gradient and Hessian; --start required; escape none"
    public static let parameters: [ParameterInfo<FormulaLandscape>] = []

    /// The compiled formula.
    public let formula: Formula

    public init(_ formula: Formula) { self.formula = formula }

    /// Parses and compiles `text`.
    public init(parsing text: String) throws {
        do {
            self.init(try Formula(parsing: text))
        } catch {
            throw SpecError.invalid(.landscape, value: "formula:" + text, accepted: "a formula: \(error)")
        }
    }

    public init(parsing spec: inout Spec) throws {
        try self.init(parsing: spec.rawBody())
    }

    public var spec: String { "formula:" + formula.text }
    public var dimension: Int { formula.dimension }

    /// Calls `body` with x's first d coordinates in contiguous memory.
    @inlinable @inline(__always)
    func withCoordinates<V: PointVector, R>(_ x: V, _ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        let d = formula.dimension
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * d) { buffer in
            let p = buffer.baseAddress!
            for i in 0..<d { p[i] = x[i] }
            return body(p)
        }
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        withCoordinates(x) { formula.value($0) }
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        let d = formula.dimension
        withCoordinates(x) { p in
            formula.gradient(p, into: p + d)
            for i in 0..<d { g[i] = p[d + i] }
        }
    }

    @inlinable
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        withCoordinates(x) { p in h.entries.withUnsafeMutableBufferPointer { formula.hessian(p, into: $0.baseAddress!) } }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var hasDefaultStart: Bool { false }
    public var startMinimum: [Double]? { nil }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .never }
}
