import EscapeLab
import Foundation

/// One measured mean escape time, with what a table row needs: steps and
/// continuous time, standard errors, the censored fraction, and ln tau with
/// its standard error for slope fits.
///
/// With under 1% censored runs the mean over escaped runs is used (its SE is
/// sd / sqrt(n)); otherwise the censored-aware rate estimate 1 / lambda, with
/// SE(1/lambda) = (1/lambda) / sqrt(d) (d escapes; the exponential law).
public struct EscapeMeasurement: Sendable {
    public let report: RunReport
    /// Mean escape steps (or 1 / lambda when censoring is above 1%).
    public let steps: Double
    public let stepsSE: Double
    /// true when `steps` is the censored-aware rate estimate.
    public let fromRate: Bool
    public let learningRate: Double

    public init(_ report: RunReport) {
        self.report = report
        learningRate = report.problem.learningRate
        let s = report.summary
        if s.censoredFraction <= 0.01, let m = s.meanEscapeSteps, let se = s.meanEscapeStepsSE {
            steps = m; stepsSE = se; fromRate = false
        } else if let m = s.rate.meanSteps, s.escaped > 0 {
            steps = m; stepsSE = m / Double(s.escaped).squareRoot(); fromRate = true
        } else {
            steps = .nan; stepsSE = .nan; fromRate = true
        }
    }

    /// Runs `problem` with `plan` and measures it.
    public static func run(_ problem: Problem, _ plan: ExecutionPlan) throws -> EscapeMeasurement {
        EscapeMeasurement(RunReport(problem: problem, plan: plan, records: try problem.run(plan)))
    }

    /// tau = steps x eta (continuous time).
    public var time: Double { steps * learningRate }
    public var timeSE: Double { stepsSE * learningRate }
    /// ln tau (continuous time) and its SE (delta method: SE / mean).
    public var logTime: Double { log(time) }
    public var logTimeSE: Double { stepsSE / steps }
    public var censoredFraction: Double { report.summary.censoredFraction }

    /// The exact 95% interval of the mean escape steps, 1 / lambda, from the
    /// censored-aware rate's chi-square interval (Theory article, § Statistics of escape times).
    public var stepsCI95: (lower: Double, upper: Double)? {
        let r = report.summary.rate
        guard let lo = r.lower, let hi = r.upper, hi > 0 else { return nil }
        return (1 / hi, lo > 0 ? 1 / lo : .infinity)
    }

    /// A step cap for an expected mean of `expectedSteps`: `factor` means, so an
    /// exponential escape time is censored with probability e^(-factor).
    public static func stepCap(expectedSteps: Double, factor: Double = 30, minimum: Int = 10_000) -> Int {
        guard expectedSteps.isFinite, expectedSteps > 0 else { return 100_000_000 }
        return max(minimum, Int(min(factor * expectedSteps, 4e9)))
    }

}
