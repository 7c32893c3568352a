// `--landscape 'formula:EXPR'`: a landscape typed on the command line. The
// text is parsed, differentiated and compiled once (`Formula`); each step
// runs the compiled gradient program, reading the point and writing the
// gradient in place, so a formula runs through the same specialised hot loop
// as a built-in landscape, with no string work, copy or allocation per step.

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

    // The programs read x and write g in place (no copy of the point, and no
    // closure capturing the landscape: that would copy it, and its arrays'
    // reference counts, every step).

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        var f = 0.0
        formula.valueProgram.run(load: { x[$0] }, store: { _, _ in }, storeAux: { _, v in f = v })
        return f
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        formula.gradientProgram.run(load: { x[$0] }, store: { g[$0] = $1 }, storeAux: { _, _ in })
    }

    @inlinable
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.entries.withUnsafeMutableBufferPointer { e in
            formula.hessianProgram.run(load: { x[$0] }, store: { _, _ in }, storeAux: { e[$0] = $1 })
        }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var hasDefaultStart: Bool { false }
    public var startMinimum: [Double]? { nil }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .never }
}
