/// The statistics of a run's escape steps: counts, moments and quantiles of
/// the escaped runs, the censored-aware rate, and the Kaplan-Meier median.
///
/// Mean, SE, median and quantiles are over escaped runs only; they are biased
/// low when many runs are censored, so `censored` is always reported beside
/// them. Times are steps x eta (continuous time t = n eta). Everything is
/// computed from the exact ``EscapeStatistics``, so a run and any merge of
/// its shards give the same summary bit for bit.
public struct EscapeSummary: Equatable, Sendable {
    public let statistics: EscapeStatistics
    public var trajectories: Int { statistics.trajectories }
    public var escaped: Int { statistics.escaped }
    public var censored: Int { statistics.censored }
    public var diverged: Int { statistics.diverged }
    /// Mean escape step over escaped runs, and its standard error sd / sqrt(n).
    public let meanEscapeSteps: Double?
    public let meanEscapeStepsSE: Double?
    public let medianEscapeSteps: Double?
    /// p05, p25, p75, p95 of the escape steps (linear interpolation as GSL's).
    public let quantiles: [Double]?
    /// meanEscapeSteps x learning rate.
    public let meanEscapeTime: Double?
    public let rate: RateEstimate
    public let kaplanMeierMedianSteps: Int?
    /// Every run's steps summed (escape, divergence or max-steps): the steps simulated.
    public var totalSteps: UInt128 { statistics.totalSteps }

    public static let quantileLevels = [0.05, 0.25, 0.75, 0.95]

    /// Summarises the statistics of a run with learning rate `lr`.
    public init(_ statistics: EscapeStatistics, learningRate lr: Double) {
        self.statistics = statistics
        let n = statistics.escaped
        if n == 0 {
            meanEscapeSteps = nil; meanEscapeStepsSE = nil; medianEscapeSteps = nil; quantiles = nil; meanEscapeTime = nil
        } else {
            let mean = statistics.meanEscapeSteps!
            meanEscapeSteps = mean
            meanEscapeStepsSE = statistics.escapeStepStandardDeviation.map { $0 / Double(n).squareRoot() }
            let sorted = statistics.sortedEscapeCounts
            medianEscapeSteps = EscapeStatistics.quantile(sorted, total: n, 0.5)
            quantiles = Self.quantileLevels.map { EscapeStatistics.quantile(sorted, total: n, $0) }
            meanEscapeTime = mean * lr
        }
        rate = RateEstimate(events: n, exposure: statistics.totalSteps)
        kaplanMeierMedianSteps = statistics.kaplanMeier.median
    }

    /// Summarises records of a run with learning rate `lr`.
    public init(_ records: EnsembleRecords, learningRate lr: Double) {
        self.init(EscapeStatistics(records), learningRate: lr)
    }

    /// Fraction of runs censored at max-steps.
    public var censoredFraction: Double { trajectories == 0 ? 0 : Double(censored) / Double(trajectories) }
}
