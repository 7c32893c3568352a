/// What is simulated: a landscape, an optimizer with its learning rate, the
/// gradient noise, where trajectories start, when they have escaped, and the
/// step cap. Everything a trajectory's outcome depends on, except its seed.
///
/// `Problem` is the spec-driven way in (what the CLI and the studies use); the
/// generic ``Ensemble/run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``
/// takes concrete types of your own instead.
public struct Problem: Sendable {
    public var landscape: any Landscape
    public var optimizer: OptimizerSpec
    /// The learning rate eta (one step is dt = eta of continuous time).
    public var learningRate: Double
    public var noise: NoiseSpec
    /// The start point (`dimension` coordinates).
    public var start: [Double]
    public var escape: EscapeCriterion
    /// Runs that have not escaped after this many steps are censored.
    public var maxSteps: Int
    /// Run on ``DynamicVector`` storage whatever the dimension (the tests
    /// compare it with the fixed-width storage: trajectories are identical).
    @usableFromInline var forcesDynamicStorage = false

    /// A problem; `start` and `escape` default to the landscape's.
    public init(landscape: any Landscape, optimizer: OptimizerSpec = .sgd(SGDConfig()),
                learningRate: Double, noise: NoiseSpec = .none, start: [Double]? = nil,
                escape: EscapeCriterion? = nil, maxSteps: Int) {
        self.landscape = landscape
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.noise = noise
        self.start = start ?? landscape.start
        self.escape = escape ?? landscape.defaultEscape
        self.maxSteps = maxSteps
    }

    /// A validated problem from spec texts (the CLI's flags, a shard's config),
    /// parsed in order: landscape, optimizer, noise, start, escape. Landscape
    /// names are looked up in `registry`.
    public init(parsingLandscape landscape: String, optimizer: String, learningRate: Double, noise: String,
                start: () throws -> [Double]?, escape: String?, maxSteps: Int, registry: Registry = .builtIn) throws {
        let l = try registry.landscape(parsing: landscape)
        let o = try OptimizerSpec(parsing: optimizer)
        let n = try NoiseSpec(parsing: noise)
        let s = try start()
        if s == nil, !l.hasDefaultStart {
            throw SpecError.invalid(.start, value: "(none)", accepted: "\(l.dimension) coordinate\(l.dimension == 1 ? "" : "s"): '\(l.spec)' has no default start point")
        }
        self.init(landscape: l, optimizer: o, learningRate: learningRate, noise: n, start: s,
                  escape: try escape.map { try EscapeCriterion(parsing: $0, dimension: l.dimension) }, maxSteps: maxSteps)
        try validate()
    }

    public var dimension: Int { landscape.dimension }

    /// Rejects settings that cannot run, with a one-line message each.
    public func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else {
            throw SpecError.invalid(.learningRate, value: "\(learningRate)", accepted: "a finite learning rate > 0")
        }
        guard (1...maximumDimension).contains(dimension) else {
            throw SpecError.invalid(.landscape, value: landscape.spec, accepted: "a landscape of dimension 1...\(maximumDimension)")
        }
        guard start.count == dimension else {
            throw SpecError.invalid(.start, value: start.map(\.compact).joined(separator: ","),
                                    accepted: "\(dimension) comma-separated coordinate\(dimension == 1 ? "" : "s") for \(landscape.spec)")
        }
        guard start.allSatisfy(\.isFinite) else {
            throw SpecError.invalid(.start, value: start.map(\.compact).joined(separator: ","), accepted: "finite coordinates")
        }
        guard maxSteps >= 1 else {
            throw SpecError.invalid(.maxSteps, value: "\(maxSteps)", accepted: "an integer >= 1")
        }
        switch escape {
        case let .magnitudeAtLeast(i, c):
            guard i < dimension, c > 0 else {
                throw SpecError.invalid(.escape, value: escape.spec, accepted: "a coordinate index below \(dimension) and C > 0")
            }
        case let .coordinateAtLeast(i, _), let .coordinateAtMost(i, _):
            guard i < dimension else {
                throw SpecError.invalid(.escape, value: escape.spec, accepted: "a coordinate index below \(dimension)")
            }
        default: break
        }
        try noise.validate(for: landscape)
    }
}
