import EscapeLab
import Foundation

/// One mean escape time measured by adaptive multilevel splitting
/// (`run --method ams`), with what a study row needs: steps and continuous
/// time with their standard errors, the 95% interval, the cost, and the
/// reliability verdict that must stand beside the number.
public struct SplittingMeasurement: Sendable {
    public let report: SplittingReport

    public init(_ report: SplittingReport) { self.report = report }

    /// Runs `problem` with `plan` and measures it.
    public static func run(_ problem: Problem, _ plan: SplittingPlan) throws -> SplittingMeasurement {
        SplittingMeasurement(SplittingReport(problem: problem, plan: plan, result: try problem.runSplitting(plan)))
    }

    var estimate: SplittingEstimate { report.estimate }
    var learningRate: Double { report.problem.learningRate }

    /// tau in steps and its SE (NaN without an estimate).
    public var steps: Double { estimate.meanEscapeSteps ?? .nan }
    public var stepsSE: Double { estimate.meanEscapeStepsSE ?? .nan }
    /// tau x lr.
    public var time: Double { steps * learningRate }
    public var timeSE: Double { stepsSE * learningRate }
    /// SE(ln tau) = SE / tau.
    public var logTimeSE: Double { stepsSE / steps }
    /// The 95% interval of tau (t quantile over repetitions), in continuous time.
    public var timeCI95: (lower: Double, upper: Double)? {
        estimate.meanEscapeStepsCI95.map { ($0.lower * learningRate, $0.upper * learningRate) }
    }
    /// Steps simulated (pilot, basin runs, splitting), wall seconds, and what
    /// direct simulation would need for the same relative SE.
    public var simulatedSteps: Int { report.result.totalSteps }
    public var seconds: Double { report.result.elapsedSeconds }
    public var directEquivalentSteps: Double { estimate.directEquivalentSteps ?? .nan }
    public var isReliable: Bool { report.reliability.level != .unreliable }

    /// True when the 95% interval covers `reference` (continuous time).
    public func covers(time reference: Double) -> Bool {
        guard let ci = timeCI95 else { return false }
        return ci.lower <= reference && reference <= ci.upper
    }

    /// "reliable", "warning" or "UNRELIABLE: <reasons>" for a table cell.
    public var verdictText: String { report.reliability.level == .unreliable ? report.reliability.text : report.reliability.level.rawValue }
}

extension StudyOptions {
    /// The splitting plan of row `row` (seed + row, so rows are independent).
    public func splittingPlan(replicas: Int, repetitions: Int, row: Int) -> SplittingPlan {
        SplittingPlan(replicas: replicas, repetitions: repetitions, seed: UInt64(seed + row), threads: threadCount)
    }
}
