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
    /// Trajectories at the start of this shard's range that an earlier,
    /// interrupted run already finished (`--resume`): they are skipped.
    public var alreadyCompleted = 0
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

    /// The run-wide indices this plan runs: its shard's range, less the
    /// trajectories already completed.
    public var pendingRange: Range<Int> {
        let r = shard.range(of: trajectories)
        return min(r.upperBound, r.lowerBound + alreadyCompleted)..<r.upperBound
    }

    /// Rejects plans that cannot run.
    public func validate() throws {
        guard trajectories >= 1, trajectories <= EscapeStatistics.maximumTrajectories else {
            throw SpecError.invalid(.trajectories, value: "\(trajectories)",
                                    accepted: "an integer in 1...\(EscapeStatistics.maximumTrajectories)")
        }
        guard threads >= 1 else {
            throw SpecError.invalid(.threads, value: "\(threads)", accepted: "an integer >= 1")
        }
        guard shard.count >= 1, shard.index >= 0, shard.index < shard.count else {
            throw SpecError.invalid(.shard, value: shard.spec, accepted: "I/N with integers 0 <= I < N")
        }
        guard alreadyCompleted >= 0, alreadyCompleted <= shard.range(of: trajectories).count else {
            throw SpecError.conflict("\(alreadyCompleted) trajectories already completed, but shard \(shard.spec) holds \(shard.range(of: trajectories).count)")
        }
    }
}

/// A request to the engine: an ensemble of trajectories, or the full path of one.
public enum SimulationJob: @unchecked Sendable {
    case ensemble(Problem, ExecutionPlan)
    /// The ensemble with its records handed to a sink in index order as they
    /// finish, stoppable at a trajectory boundary (the CLI's runs).
    case stream(Problem, ExecutionPlan, sink: any RecordSink, stop: StopFlag)
    /// Trajectory `index` of a run with `seed` (the same stream as in `ensemble`),
    /// followed for `steps` steps regardless of the escape criterion.
    case trace(Problem, seed: UInt64, generator: String, index: Int, steps: Int)

    @inlinable
    public var problem: Problem {
        switch self {
        case let .ensemble(p, _): return p
        case let .stream(p, _, _, _): return p
        case let .trace(p, _, _, _, _): return p
        }
    }

    @inlinable
    var dynamicStorage: Bool { problem.forcesDynamicStorage }
}

/// What the engine returns for a ``SimulationJob``.
public enum SimulationOutput: Sendable {
    case ensemble(EnsembleRecords)
    case stream(StreamResult)
    case trace(Trace)
}

/// The path of one trajectory: step 0 is the start.
public struct Trace: Sendable {
    @inlinable
    public init(dimension: Int, losses: [Double], points: [Double]) {
        self.dimension = dimension
        self.losses = losses
        self.points = points
    }

    public let dimension: Int
    /// Loss at each recorded step.
    public var losses: [Double]
    /// Points, `dimension` values per recorded step.
    public var points: [Double]
    /// Number of recorded steps (including step 0).
    public var count: Int { losses.count }
    /// Coordinates at recorded step `n`.
    public func point(_ n: Int) -> ArraySlice<Double> { points[(n * dimension)..<((n + 1) * dimension)] }

    /// The most steps a trace of a `dimension`-dimensional landscape keeps in
    /// memory (2.5e8 numbers, 2 GB; at most 1e8 steps).
    public static func maximumSteps(dimension: Int) -> Int { min(100_000_000, 250_000_000 / (dimension + 1)) }
}
