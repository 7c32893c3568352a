/// How an ensemble is executed: how many trajectories, which seed, how many
/// threads, which shard, which GSL generator. None of it changes a record.
public struct ExecutionPlan: Sendable {
    /// Trajectories in the whole run (all shards together).
    public var trajectories: Int
    public var seed: UInt64
    public var threads: Int
    public var shard: Shard
    /// GSL generator name (`taus2` by default).
    public var generator: String
    /// Keep each trajectory's final point (for `--records` and shard files).
    public var keepFinalPoints: Bool
    /// Called from a background thread with (trajectories done, in this shard).
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(trajectories: Int, seed: UInt64 = 1, threads: Int = 1, shard: Shard = .whole,
                generator: String = "taus2", keepFinalPoints: Bool = true,
                progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.trajectories = trajectories
        self.seed = seed
        self.threads = threads
        self.shard = shard
        self.generator = generator
        self.keepFinalPoints = keepFinalPoints
        self.progress = progress
    }
}

/// A request to the engine: an ensemble of trajectories, or the full path of one.
public enum SimulationJob: Sendable {
    case ensemble(Problem, ExecutionPlan)
    /// Trajectory `index` of a run with `seed` (the same stream as in `ensemble`),
    /// followed for `steps` steps regardless of the escape criterion.
    case trace(Problem, seed: UInt64, generator: String, index: Int, steps: Int)

    var problem: Problem {
        switch self {
        case let .ensemble(p, _): return p
        case let .trace(p, _, _, _, _): return p
        }
    }
}

/// What the engine returns for a ``SimulationJob``.
public enum SimulationOutput: Sendable {
    case ensemble(EnsembleRecords)
    case trace(Trace)
}

/// The path of one trajectory: step 0 is the start.
public struct Trace: Sendable {
    public let dimension: Int
    /// Loss at each recorded step.
    public var losses: [Double]
    /// Points, `dimension` values per recorded step.
    public var points: [Double]
    /// Number of recorded steps (including step 0).
    public var count: Int { losses.count }
    /// Coordinates at recorded step `n`.
    public func point(_ n: Int) -> ArraySlice<Double> { points[(n * dimension)..<((n + 1) * dimension)] }
}
