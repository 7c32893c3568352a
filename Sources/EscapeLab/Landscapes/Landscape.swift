// A landscape is a value type with a loss, its gradient and its Hessian, plus
// the named critical points that studies and theory need. Loss and gradient
// are generic over the SIMD storage so the engine's specialised hot loop calls
// them directly; the Hessian writes into a caller-owned matrix so the
// local-Hessian noise can reuse one buffer for every step.
//
// Adding a landscape: one new file with a struct conforming to `Landscape`
// (and `LandscapeParsing`), plus one line in `LandscapeRegistry.all`.

/// An analytic loss landscape L: R^d -> R.
public protocol Landscape: Sendable {
    /// The canonical spec with every parameter after defaults, e.g.
    /// `double-well:barrier=1,k=1`.
    var spec: String { get }
    /// Number of coordinates d (1...``maximumDimension``).
    var dimension: Int { get }

    /// L(x); lanes of `x` past `dimension` are zero and must be ignored.
    func loss<V: PointVector>(at x: V) -> Double
    /// grad L(x); lanes past `dimension` must be returned as zero.
    func gradient<V: PointVector>(at x: V) -> V
    /// grad L(x) + v (the noisy gradient). The default adds after computing
    /// the gradient; a landscape may fold v into its last multiply-add, which
    /// shortens the hot loop's dependency chain (see DoubleWell).
    func gradient<V: PointVector>(at x: V, adding v: V) -> V
    /// The Hessian at `x` written into `h` (already `dimension` x `dimension`).
    func hessian<V: PointVector>(at x: V, into h: inout Matrix)

    /// Where trajectories start by default (the start minimum, or the saddle).
    var start: [Double] { get }
    /// The minimum trajectories start in, when the landscape has one.
    var startMinimum: [Double]? { get }
    /// The saddle / barrier top through which escape from `startMinimum` goes,
    /// or the saddle itself for saddle landscapes.
    var saddle: [Double]? { get }
    /// The escape criterion used when `--escape` is not given.
    var defaultEscape: EscapeCriterion { get }
    /// How many saddles like `saddle` (same height, same Hessian spectrum)
    /// lead out of the start basin; Kramers' rate is the sum over them.
    var exitCount: Int { get }

    /// N for a finite-sum landscape L = (1/N) sum_i l_i, 0 for analytic ones.
    var sampleCount: Int { get }
    /// grad l_i(x) of one sample (finite-sum landscapes only).
    func sampleGradient<V: PointVector>(at x: V, sample i: Int) -> V

    /// Runs the engine specialised for this concrete landscape type.
    ///
    /// Do not implement: the default implementation in the protocol extension
    /// is what makes the hot loop generic over concrete types. Because it is a
    /// protocol requirement, each conformance's witness is a fully
    /// specialised copy of the engine, so calling it on an `any Landscape`
    /// costs one dynamic dispatch per *run*, not per step.
    func simulate(_ job: SimulationJob) throws -> SimulationOutput
}

extension Landscape {
    public var sampleCount: Int { 0 }

    public var exitCount: Int { 1 }

    public func sampleGradient<V: PointVector>(at x: V, sample i: Int) -> V { gradient(at: x) }

    @inline(__always)
    public func gradient<V: PointVector>(at x: V, adding v: V) -> V { gradient(at: x) + v }

    public func simulate(_ job: SimulationJob) throws -> SimulationOutput {
        try Engine.simulate(self, job)
    }

    /// L at a point given as an array (set-up, theory and tests; not the hot loop).
    public func loss(at x: [Double]) -> Double {
        loss(at: WidestVector(x))
    }

    /// grad L at a point given as an array.
    public func gradient(at x: [Double]) -> [Double] {
        gradient(at: WidestVector(x)).array(dimension)
    }

    /// The Hessian at a point given as an array.
    public func hessian(at x: [Double]) -> Matrix {
        var h = Matrix(dimension: dimension)
        hessian(at: WidestVector(x), into: &h)
        return h
    }
}

/// Builds a landscape from its spec parameters.
public protocol LandscapeParsing: Landscape {
    /// The spec name (`double-well`).
    static var specName: String { get }
    /// One line for `escapelab list landscapes`: formula, parameters and defaults.
    static var summary: String { get }
    /// Consumes the parameters this landscape accepts.
    init(parsing spec: inout Spec) throws
}
