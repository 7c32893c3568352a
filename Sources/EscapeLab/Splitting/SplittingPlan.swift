/// How adaptive multilevel splitting runs: replicas, repetitions, the
/// reaction coordinate, the two levels, and the execution (seed, threads,
/// generator). None of the execution settings changes a result.
///
/// The levels are in units of the coordinate (start 0, escape set 1):
/// ```
/// A     = { xi < Z_A }        the basin (default: pilot median of xi)
/// Sigma = { xi = Z_Sigma }    the splitting surface (default: pilot 95% quantile)
/// B     = the run's escape criterion
/// ```
/// The pilot samples xi along one plain trajectory in the basin (a burn-in,
/// then `pilotSamples` steps; an escape restarts it from the start and the
/// samples are kept).
public struct SplittingPlan: Sendable {
    /// N, replicas per repetition (and entrance states sampled per repetition).
    public var replicas: Int
    /// R, independent repetitions (they run in parallel).
    public var repetitions: Int
    public var coordinate: CoordinateSpec
    /// Z_A; nil: the pilot's `basinQuantile` of xi.
    public var basin: Double?
    /// Z_Sigma; nil: the pilot's `levelQuantile` of xi.
    public var level: Double?
    public var basinQuantile: Double
    public var levelQuantile: Double
    public var pilotBurnIn: Int
    public var pilotSamples: Int
    public var seed: UInt64
    public var threads: Int
    /// GSL generator name (`taus2` by default).
    public var generator: String
    /// Called from a background thread with (repetitions done, repetitions).
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(replicas: Int = 1000, repetitions: Int = 10, coordinate: CoordinateSpec = .progress,
                basin: Double? = nil, level: Double? = nil, basinQuantile: Double = 0.5, levelQuantile: Double = 0.95,
                pilotBurnIn: Int = 20_000, pilotSamples: Int = 200_000, seed: UInt64 = 1, threads: Int = 1,
                generator: String = "taus2", progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.replicas = replicas
        self.repetitions = repetitions
        self.coordinate = coordinate
        self.basin = basin
        self.level = level
        self.basinQuantile = basinQuantile
        self.levelQuantile = levelQuantile
        self.pilotBurnIn = pilotBurnIn
        self.pilotSamples = pilotSamples
        self.seed = seed
        self.threads = threads
        self.generator = generator
        self.progress = progress
    }

    /// Rejects plans that cannot run, one line each.
    public func validate() throws {
        guard (2...SplittingStreams.maximumReplicas).contains(replicas) else {
            throw SpecError.invalid(.replicas, value: "\(replicas)", accepted: "an integer in 2...\(SplittingStreams.maximumReplicas)")
        }
        guard (2...SplittingStreams.maximumRepetitions).contains(repetitions) else {
            throw SpecError.invalid(.repetitions, value: "\(repetitions)",
                                    accepted: "an integer in 2...\(SplittingStreams.maximumRepetitions) (two give a standard error)")
        }
        guard threads >= 1 else { throw SpecError.invalid(.threads, value: "\(threads)", accepted: "an integer >= 1") }
        for (field, value) in [(InputField.basin, basin), (.level, level)] {
            if let value, !value.isFinite {
                throw SpecError.invalid(field, value: "\(value)", accepted: "a finite level in units of the coordinate")
            }
        }
        if let a = basin, let s = level, a >= s {
            throw SpecError.invalid(.basin, value: a.compact, accepted: "a basin level Z_A below the splitting level Z_Sigma = \(s.compact)")
        }
        guard basinQuantile > 0, basinQuantile < levelQuantile, levelQuantile < 1 else {
            throw SpecError.conflict("pilot quantiles must satisfy 0 < basin quantile < level quantile < 1")
        }
        guard pilotBurnIn >= 0, pilotSamples >= 2 else {
            throw SpecError.conflict("the pilot needs a burn-in >= 0 and at least 2 samples")
        }
    }
}
