/// What is simulated: a landscape, an optimizer with its learning rate, the
/// gradient noise, where trajectories start, when they have escaped, and the
/// step cap. Everything a trajectory's outcome depends on, except its seed.
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
    /// parsed in flag order: landscape, optimizer, noise, start, escape.
    public init(parsingLandscape landscape: String, optimizer: String, learningRate: Double, noise: String,
                start: () throws -> [Double]?, escape: String?, maxSteps: Int) throws {
        let l = try LandscapeRegistry.parse(landscape)
        self.init(landscape: l, optimizer: try OptimizerSpec(parsing: optimizer), learningRate: learningRate,
                  noise: try NoiseSpec(parsing: noise), start: try start(),
                  escape: try escape.map { try EscapeCriterion(parsing: $0, dimension: l.dimension) }, maxSteps: maxSteps)
        try validate()
    }

    public var dimension: Int { landscape.dimension }

    /// Rejects settings that cannot run, with a one-line message each.
    public func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else {
            throw SpecError.invalid(flag: "--lr", value: "\(learningRate)", accepted: "a finite learning rate > 0")
        }
        guard start.count == dimension else {
            throw SpecError.invalid(flag: "--start", value: start.map(\.compact).joined(separator: ","),
                                    accepted: "\(dimension) comma-separated coordinate\(dimension == 1 ? "" : "s") for \(landscape.spec)")
        }
        guard start.allSatisfy(\.isFinite) else {
            throw SpecError.invalid(flag: "--start", value: start.map(\.compact).joined(separator: ","), accepted: "finite coordinates")
        }
        guard maxSteps >= 1 else {
            throw SpecError.invalid(flag: "--max-steps", value: "\(maxSteps)", accepted: "an integer >= 1")
        }
        switch escape {
        case let .coordinateAtLeast(i, _), let .coordinateAtMost(i, _):
            guard i < dimension else {
                throw SpecError.invalid(flag: "--escape", value: escape.spec, accepted: "a coordinate index below \(dimension)")
            }
        default: break
        }
        try noise.validate(for: landscape)
    }
}
