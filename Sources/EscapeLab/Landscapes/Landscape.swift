// A landscape is a value type with a loss, its gradient and its Hessian, plus
// the named critical points that studies and theory need. Loss and gradient
// are generic over the point storage (``PointVector``) so the engine's
// specialised hot loop calls them directly, and they write into caller-owned
// storage so a step allocates nothing at any dimension; the Hessian writes
// into a caller-owned matrix so the local-Hessian noise reuses one buffer.
//
// Adding a landscape: one new file with a struct conforming to `Landscape`
// (and `LandscapeParsing` to be named in a spec), then register the type:
// built-ins in `Registry.builtIn`, a user's own in the registry its program
// passes to `EscapeLabCLI.main` or `Problem(parsing...)`.

/// An analytic loss landscape L: R^d -> R.
///
/// Write lanes `0..<dimension` only: storage may have padding lanes past
/// `dimension` (zero on entry, and they must stay zero).
public protocol Landscape: Sendable {
    /// The canonical spec with every parameter after defaults, e.g.
    /// `double-well:barrier=1,k=1`.
    var spec: String { get }
    /// Number of coordinates d (1...``maximumDimension``).
    var dimension: Int { get }

    /// L(x).
    func loss<V: PointVector>(at x: V) -> Double
    /// Writes grad L(x) into lanes `0..<dimension` of `g`.
    func gradient<V: PointVector>(at x: V, into g: inout V)
    /// Writes grad L(x) + v into `g` (the noisy gradient). The default adds v
    /// after computing the gradient; a landscape may fold v into its last
    /// multiply-add, which shortens the hot loop's dependency chain (see
    /// ``DoubleWell``).
    func gradient<V: PointVector>(at x: V, adding v: V, into g: inout V)
    /// The Hessian at `x` written into `h` (already `dimension` x `dimension`).
    func hessian<V: PointVector>(at x: V, into h: inout Matrix)

    /// Where trajectories start by default (the start minimum, or the saddle).
    var start: [Double] { get }
    /// False when ``start`` is only a placeholder and a run must be given a
    /// start point (formula landscapes).
    var hasDefaultStart: Bool { get }
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
    /// The saddles themselves, `saddle` first: `exitCount` points when the
    /// landscape lists them (splitting's default reaction coordinate is the
    /// largest progress towards any of them). Default: `[saddle]`, or none.
    var exitSaddles: [[Double]] { get }

    /// N for a finite-sum landscape L = (1/N) sum_i l_i, 0 for analytic ones.
    var sampleCount: Int { get }
    /// Adds grad l_i(x), one sample's gradient, to `g` (finite-sum landscapes).
    func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V)

    /// Runs the engine specialised for this concrete landscape type.
    ///
    /// Do not implement: the default implementation in the protocol extension
    /// is what makes the hot loop generic over concrete types. Because it is a
    /// protocol requirement, each conformance's witness is a fully
    /// specialised copy of the engine, compiled in the module that declares
    /// the landscape, so calling it on an `any Landscape` costs one dynamic
    /// dispatch per *run*, not per step.
    func simulate(_ job: SimulationJob) throws -> SimulationOutput
}

extension Landscape {
    @inlinable public var sampleCount: Int { 0 }

    @inlinable public var exitCount: Int { 1 }

    public var exitSaddles: [[Double]] { saddle.map { [$0] } ?? [] }

    @inlinable public var hasDefaultStart: Bool { true }

    @inlinable
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        var s = V(zeros: dimension)
        gradient(at: x, into: &s)
        for j in 0..<g.laneCount { g[j] += s[j] }
    }

    @inlinable @inline(__always)
    public func gradient<V: PointVector>(at x: V, adding v: V, into g: inout V) {
        gradient(at: x, into: &g)
        for i in 0..<g.laneCount { g[i] += v[i] }
    }

    @inlinable
    public func simulate(_ job: SimulationJob) throws -> SimulationOutput {
        try Engine.simulate(self, job)
    }

    /// grad L(x) as a new vector (set-up and tests; the hot loop writes in place).
    @inlinable
    public func gradient<V: PointVector>(at x: V) -> V {
        var g = V(zeros: dimension)
        gradient(at: x, into: &g)
        return g
    }

    /// L at a point given as an array (set-up, theory and tests; not the hot loop).
    public func loss(at x: [Double]) -> Double {
        loss(at: DynamicVector(x))
    }

    /// grad L at a point given as an array.
    public func gradient(at x: [Double]) -> [Double] {
        gradient(at: DynamicVector(x)).array(dimension)
    }

    /// The Hessian at a point given as an array.
    public func hessian(at x: [Double]) -> Matrix {
        var h = Matrix(dimension: dimension)
        hessian(at: DynamicVector(x), into: &h)
        return h
    }
}

/// A landscape whose dimension its type fixes (a 1-D well, a model with a
/// fixed number of parameters): the engine compiles its hot loops for
/// `Storage` alone (plus ``DynamicVector``), not for every storage width,
/// which keeps the build small. Optional: any landscape runs without it.
public protocol FixedDimensionLandscape: Landscape {
    /// The storage that holds `dimension` coordinates (``Point1`` for 1-D).
    associatedtype Storage: PointVector
}

extension FixedDimensionLandscape {
    @inlinable
    public func simulate(_ job: SimulationJob) throws -> SimulationOutput {
        try Engine.simulate(self, job, storage: Storage.self)
    }
}

/// A landscape that can be named in a spec: its name, its declared
/// parameters, and a builder from them.
public protocol LandscapeParsing: Landscape, SpecFamily {
    /// Consumes the parameters this landscape accepts.
    init(parsing spec: inout Spec) throws
}

extension LandscapeParsing {
    /// The canonical spec, rendered from the declared parameters.
    public var spec: String { renderedSpec }
}
