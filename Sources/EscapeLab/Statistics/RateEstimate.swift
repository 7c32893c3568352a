/// The censored-aware escape rate (<doc:Theory#Statistics-of-escape-times>).
///
/// With d escapes and S steps at risk (escaped runs count their escape step,
/// censored runs max-steps, diverged runs the step they diverged: a competing
/// exit, censored for escape),
/// ```
/// lambda = d / S,   95% CI = [chi2_{2d}(0.025) / (2S), chi2_{2d+2}(0.975) / (2S)]
/// ```
/// the exact interval for a Poisson count with exposure S. The mean escape
/// time under the exponential law is 1 / lambda.
public struct RateEstimate: Equatable, Sendable {
    public let events: Int
    public let exposure: UInt128
    /// lambda per step (nil when S = 0).
    public let rate: Double?
    public let lower: Double?
    public let upper: Double?

    public init(events: Int, exposure: UInt128) {
        self.events = events
        self.exposure = exposure
        guard exposure > 0 else {
            rate = nil; lower = nil; upper = nil
            return
        }
        let s = Double(exposure)
        rate = Double(events) / s
        lower = events == 0 ? 0 : GSLStatistics.chiSquareQuantile(0.025, degreesOfFreedom: Double(2 * events)) / (2 * s)
        upper = GSLStatistics.chiSquareQuantile(0.975, degreesOfFreedom: Double(2 * events + 2)) / (2 * s)
    }

    /// 1 / lambda, in steps (nil without escapes).
    public var meanSteps: Double? {
        guard let rate, rate > 0 else { return nil }
        return 1 / rate
    }
}
