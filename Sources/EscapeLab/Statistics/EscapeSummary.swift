/// The statistics of a run's escape steps: counts, moments and quantiles of
/// the escaped runs, the censored-aware rate, and the Kaplan-Meier median.
///
/// Mean, SE, median and quantiles are over escaped runs only; they are biased
/// low when many runs are censored, so `censored` is always reported beside
/// them. Times are steps x eta (continuous time t = n eta).
public struct EscapeSummary: Equatable, Sendable {
    public let trajectories: Int
    public let escaped: Int
    public let censored: Int
    public let diverged: Int
    /// Mean escape step over escaped runs, and its standard error sd / sqrt(n).
    public let meanEscapeSteps: Double?
    public let meanEscapeStepsSE: Double?
    public let medianEscapeSteps: Double?
    /// p05, p25, p75, p95 of the escape steps (linear interpolation, GSL).
    public let quantiles: [Double]?
    /// meanEscapeSteps x learning rate.
    public let meanEscapeTime: Double?
    public let rate: RateEstimate
    public let kaplanMeierMedianSteps: Int?
    public let totalSteps: Int

    public static let quantileLevels = [0.05, 0.25, 0.75, 0.95]

    /// Summarises records of a run with learning rate `lr`.
    public init(_ records: EnsembleRecords, learningRate lr: Double) {
        trajectories = records.count
        var esc: [Double] = []
        var cen = 0, div = 0
        for (o, s) in zip(records.outcomes, records.steps) {
            switch o {
            case .escaped: esc.append(Double(s))
            case .censored: cen += 1
            case .diverged: div += 1
            }
        }
        escaped = esc.count
        censored = cen
        diverged = div
        totalSteps = records.totalSteps
        if esc.isEmpty {
            meanEscapeSteps = nil; meanEscapeStepsSE = nil; medianEscapeSteps = nil; quantiles = nil; meanEscapeTime = nil
        } else {
            let mean = GSLStatistics.mean(esc)
            meanEscapeSteps = mean
            meanEscapeStepsSE = esc.count > 1 ? GSLStatistics.standardDeviation(esc) / Double(esc.count).squareRoot() : nil
            let sorted = GSLStatistics.sorted(esc)
            medianEscapeSteps = GSLStatistics.quantile(sorted: sorted, 0.5)
            quantiles = Self.quantileLevels.map { GSLStatistics.quantile(sorted: sorted, $0) }
            meanEscapeTime = mean * lr
        }
        rate = RateEstimate(events: escaped, exposure: totalSteps)
        kaplanMeierMedianSteps = KaplanMeier(steps: records.steps, escaped: records.outcomes.map { $0 == .escaped }).median
    }

    /// Fraction of runs censored at max-steps.
    public var censoredFraction: Double { trajectories == 0 ? 0 : Double(censored) / Double(trajectories) }
}
