/// The Kaplan-Meier estimate of the survival function P(escape step > t).
///
/// ```
/// S(t) = prod_{t_j <= t} (1 - d_j / n_j)
/// ```
/// over the distinct escape steps t_j, with d_j escapes at t_j and n_j runs
/// still at risk just before it. Censored and diverged runs leave the risk set
/// after their last step without an event. It assumes no law for the escape
/// time; compare its median with ln 2 / lambda to check the exponential law.
public struct KaplanMeier: Sendable {
    /// (step, survival just after it) at each distinct escape step, ascending.
    public let curve: [(step: Int, survival: Double)]

    /// The estimate from its curve (``EscapeStatistics/kaplanMeier`` builds it from counts).
    public init(curve: [(step: Int, survival: Double)]) {
        self.curve = curve
    }

    /// Builds the estimate from each run's steps and whether it escaped.
    public init(steps: [Int], escaped: [Bool]) {
        let order = steps.indices.sorted { (steps[$0], escaped[$0] ? 0 : 1) < (steps[$1], escaped[$1] ? 0 : 1) }
        var atRisk = steps.count
        var s = 1.0
        var curve: [(Int, Double)] = []
        var k = 0
        while k < order.count {
            let t = steps[order[k]]
            var events = 0, leaving = 0
            while k < order.count, steps[order[k]] == t {
                if escaped[order[k]] { events += 1 }
                leaving += 1
                k += 1
            }
            if events > 0 {
                s *= 1 - Double(events) / Double(atRisk)
                curve.append((t, s))
            }
            atRisk -= leaving
        }
        self.curve = curve
    }

    /// The smallest escape step with S(t) <= 0.5 (nil when survival stays above 1/2).
    public var median: Int? { curve.first(where: { $0.survival <= 0.5 })?.step }

    /// S(t).
    public func survival(at t: Int) -> Double {
        curve.last(where: { $0.step <= t })?.survival ?? 1
    }
}
