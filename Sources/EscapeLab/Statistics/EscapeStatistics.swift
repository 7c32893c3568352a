// The summary of a run is a function of these integers and nothing else.
// They are exact (steps are integers; sums are 128-bit, the squared sum's
// variance numerator 256-bit) and merge by addition, so a single run, any
// merge of its shards in any order, and a resumed run all reach the same
// integers and therefore print byte-identical summaries. Memory is
// O(distinct step values), never O(trajectories).

/// Exact, mergeable sufficient statistics of a run's (outcome, steps) records.
///
/// ```
/// n_e, n_c, n_d          counts of escaped, censored, diverged runs
/// S1 = sum s, S2 = sum s^2 over escaped runs     (UInt128)
/// S = sum of every run's steps (steps at risk)   (UInt128)
/// counts[step] for escaped, censored and diverged runs
/// ```
/// Steps are at most ``EscapeStatistics/maximumSteps`` (2^48) and a run has at
/// most ``EscapeStatistics/maximumTrajectories`` (2^32 - 1) trajectories, so
/// S1 < 2^80 and S2 <= (2^32 - 1) 2^96 < 2^128 never overflow.
public struct EscapeStatistics: Sendable, Equatable {
    /// The largest step count a run may reach (`--max-steps`): 2^48.
    public static let maximumSteps = 1 << 48
    /// The most trajectories a run (and a merge of its shards) may hold: 2^32 - 1.
    public static let maximumTrajectories = Int(UInt32.max)

    public private(set) var escaped = 0
    public private(set) var censored = 0
    public private(set) var diverged = 0
    /// sum of the escaped runs' steps.
    public private(set) var escapeStepSum: UInt128 = 0
    /// sum of the escaped runs' squared steps.
    public private(set) var escapeStepSquareSum: UInt128 = 0
    /// sum of every run's steps (escape, divergence or max-steps).
    public private(set) var totalSteps: UInt128 = 0
    /// Escape step -> number of runs that escaped at it.
    public private(set) var escapeCounts: [Int: Int] = [:]
    /// Censoring step (max-steps) -> count.
    public private(set) var censoredCounts: [Int: Int] = [:]
    /// Divergence step -> count.
    public private(set) var divergedCounts: [Int: Int] = [:]

    public init() {}

    public var trajectories: Int { escaped + censored + diverged }

    /// Adds `count` runs that ended with `outcome` at `steps`.
    public mutating func add(_ outcome: Outcome, steps: Int, count: Int = 1) {
        let s = UInt128(steps), n = UInt128(count)
        totalSteps += s * n
        switch outcome {
        case .escaped:
            escaped += count
            escapeStepSum += s * n
            escapeStepSquareSum += s * s * n
            escapeCounts[steps, default: 0] += count
        case .censored:
            censored += count
            censoredCounts[steps, default: 0] += count
        case .diverged:
            diverged += count
            divergedCounts[steps, default: 0] += count
        }
    }

    /// The statistics of both runs together (a merge: exact and commutative).
    public mutating func merge(_ other: EscapeStatistics) {
        escaped += other.escaped
        censored += other.censored
        diverged += other.diverged
        escapeStepSum += other.escapeStepSum
        escapeStepSquareSum += other.escapeStepSquareSum
        totalSteps += other.totalSteps
        escapeCounts.merge(other.escapeCounts, uniquingKeysWith: +)
        censoredCounts.merge(other.censoredCounts, uniquingKeysWith: +)
        divergedCounts.merge(other.divergedCounts, uniquingKeysWith: +)
    }

    /// The statistics of a set of records.
    public init(_ records: EnsembleRecords) {
        for (o, s) in zip(records.outcomes, records.steps) { add(o, steps: s) }
    }

    // MARK: - What the summary needs

    /// Mean escape step, S1 / n_e.
    public var meanEscapeSteps: Double? {
        escaped == 0 ? nil : Double(escapeStepSum) / Double(escaped)
    }

    /// The sample standard deviation of the escape steps,
    /// sqrt((n S2 - S1^2) / (n (n - 1))), with the numerator exact.
    public var escapeStepStandardDeviation: Double? {
        guard escaped > 1 else { return nil }
        let n = UInt128(escaped)
        let a = escapeStepSquareSum.multipliedFullWidth(by: n)
        let b = escapeStepSum.multipliedFullWidth(by: escapeStepSum)
        // a >= b (Cauchy-Schwarz); the 256-bit difference, then one rounding.
        let (low, borrow) = a.low.subtractingReportingOverflow(b.low)
        let high = a.high - b.high - (borrow ? 1 : 0)
        let numerator = Double(high) * 0x1p128 + Double(low)
        return (numerator / (Double(escaped) * Double(escaped - 1))).squareRoot()
    }

    /// The escape steps in ascending order, as (step, count).
    public var sortedEscapeCounts: [(step: Int, count: Int)] {
        escapeCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The f-quantile of the escape steps with GSL's rule
    /// (`gsl_stats_quantile_from_sorted_data`): with i = f (n - 1),
    /// (1 - delta) x_floor(i) + delta x_floor(i)+1, delta = i - floor(i).
    public static func quantile(_ sorted: [(step: Int, count: Int)], total n: Int, _ f: Double) -> Double {
        guard n > 0 else { return 0 }
        let index = f * Double(n - 1)
        let lhs = Int(index)
        let delta = index - Double(lhs)
        func orderStatistic(_ k: Int) -> Double {
            var seen = 0
            for (step, count) in sorted {
                seen += count
                if k < seen { return Double(step) }
            }
            return Double(sorted.last!.step)
        }
        if lhs == n - 1 { return orderStatistic(lhs) }
        return (1 - delta) * orderStatistic(lhs) + delta * orderStatistic(lhs + 1)
    }

    /// The Kaplan-Meier curve (``KaplanMeier``) from the counts.
    public var kaplanMeier: KaplanMeier {
        var times = Set(escapeCounts.keys)
        times.formUnion(censoredCounts.keys)
        times.formUnion(divergedCounts.keys)
        var atRisk = trajectories
        var s = 1.0
        var curve: [(Int, Double)] = []
        for t in times.sorted() {
            let events = escapeCounts[t] ?? 0
            let leaving = events + (censoredCounts[t] ?? 0) + (divergedCounts[t] ?? 0)
            if events > 0 {
                s *= 1 - Double(events) / Double(atRisk)
                curve.append((t, s))
            }
            atRisk -= leaving
        }
        return KaplanMeier(curve: curve)
    }
}
