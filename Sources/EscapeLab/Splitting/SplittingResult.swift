/// One repetition of a splitting run: its basin statistics, its GAMS
/// estimate p_hat_r and the diagnostics that tell a sound estimate from a
/// degenerate one.
public struct RepetitionResult: Sendable, Equatable {
    /// p_hat_r = prod_q (1 - K_q / N); 0 when extinct or failed.
    public let probability: Double
    /// All N replicas tied at a level (p_hat_r = 0, part of the unbiased estimator).
    public let extinct: Bool
    /// Why the repetition failed (a capped segment, a divergence in the basin,
    /// the stream budget), nil when it did not. A failed repetition has no
    /// estimate and makes the run unreliable.
    public let failure: String?
    /// GAMS iterations (levels) and the largest number killed at one level.
    public let iterations: Int
    public let maxKilled: Int
    /// Distinct entrance states the final replicas descend from.
    public let ancestors: Int
    /// T0: mean steps from the start to the first entrance on Sigma, over `entrances` samples.
    public let meanEntranceSteps: Double
    public let entrances: Int
    /// Mean loop (entrance -> A -> next entrance) over `loops` loops; nil without loops.
    public let meanLoopSteps: Double?
    public let loops: Int
    /// Basin excursions that reached B before A.
    public let basinEscapes: Int
    /// Mean steps from the entrance to B over the final replicas; nil without an estimate.
    public let meanReactiveSteps: Double?
    /// Steps simulated in the basin run and in GAMS.
    public let basinSteps: Int
    public let splittingSteps: Int
    /// Replica paths that ended non-finite.
    public let divergedPaths: Int

    @inlinable
    public init(probability: Double, extinct: Bool, failure: String?, iterations: Int, maxKilled: Int, ancestors: Int,
                meanEntranceSteps: Double, entrances: Int, meanLoopSteps: Double?, loops: Int, basinEscapes: Int,
                meanReactiveSteps: Double?, basinSteps: Int, splittingSteps: Int, divergedPaths: Int) {
        self.probability = probability
        self.extinct = extinct
        self.failure = failure
        self.iterations = iterations
        self.maxKilled = maxKilled
        self.ancestors = ancestors
        self.meanEntranceSteps = meanEntranceSteps
        self.entrances = entrances
        self.meanLoopSteps = meanLoopSteps
        self.loops = loops
        self.basinEscapes = basinEscapes
        self.meanReactiveSteps = meanReactiveSteps
        self.basinSteps = basinSteps
        self.splittingSteps = splittingSteps
        self.divergedPaths = divergedPaths
    }

    public var steps: Int { basinSteps + splittingSteps }
}

/// A finished splitting run: the levels it used and its repetitions. The
/// estimate is ``SplittingEstimate``; equality ignores the wall time and the
/// thread count, which never change a result.
public struct SplittingResult: Sendable, Equatable {
    public let replicas: Int
    public let coordinate: CoordinateSpec
    /// Z_A and Z_Sigma, in units of the coordinate.
    public let basin: Double
    public let level: Double
    /// Which of the two came from the pilot's quantiles.
    public let basinFromPilot: Bool
    public let levelFromPilot: Bool
    /// xi at the start, and its smallest value at the escape set's nearest points.
    public let startValue: Double
    public let escapeValue: Double
    public let pilotSteps: Int
    public let pilotEscapes: Int
    public let repetitions: [RepetitionResult]
    public let elapsedSeconds: Double
    public let threads: Int

    public init(replicas: Int, coordinate: CoordinateSpec, basin: Double, level: Double, basinFromPilot: Bool,
                levelFromPilot: Bool, startValue: Double, escapeValue: Double, pilotSteps: Int, pilotEscapes: Int,
                repetitions: [RepetitionResult], elapsedSeconds: Double, threads: Int) {
        self.replicas = replicas
        self.coordinate = coordinate
        self.basin = basin
        self.level = level
        self.basinFromPilot = basinFromPilot
        self.levelFromPilot = levelFromPilot
        self.startValue = startValue
        self.escapeValue = escapeValue
        self.pilotSteps = pilotSteps
        self.pilotEscapes = pilotEscapes
        self.repetitions = repetitions
        self.elapsedSeconds = elapsedSeconds
        self.threads = threads
    }

    /// Every step simulated: pilot, basin runs and GAMS.
    public var totalSteps: Int { pilotSteps + repetitions.reduce(0) { $0 + $1.steps } }

    public static func == (a: Self, b: Self) -> Bool {
        a.replicas == b.replicas && a.coordinate == b.coordinate && a.basin == b.basin && a.level == b.level
            && a.basinFromPilot == b.basinFromPilot && a.levelFromPilot == b.levelFromPilot
            && a.pilotSteps == b.pilotSteps && a.pilotEscapes == b.pilotEscapes && a.repetitions == b.repetitions
    }
}
