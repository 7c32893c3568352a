import Foundation

// From R repetitions to the mean escape time, its standard error and
// interval (DESIGN of issue 8, sections 2 and 4).
//
// Renewal over Sigma-crossings (Cerou, Guyader, Lelievre, Pommier, J. Chem.
// Phys. 134 (2011), arXiv:1007.4481): the path start -> B is one T0 (start ->
// first entrance on Sigma), K - 1 failed cycles (entrance -> A -> next
// entrance) and one reactive excursion (entrance -> B before A). With the
// entrance states i.i.d. from their law, K is geometric with success
// probability p, E[K - 1] = (1 - p) / p, and by Wald's identity
//   tau = E[T0] + E[L] (1 - p) / p + E[T_reac].
// (Successive entrances are a Markov chain whose memory the return to A
// erases; no bias was detected up to p = 0.09.)
//
// p is averaged over repetitions, never tau: single small-N estimates are
// very skewed, and E[p_hat_r] = p makes the mean of p unbiased, while 1 / p
// then carries a Jensen bias of about relVar(p_bar) = relsd(p)^2 / R
// (+2-4% at N = 100, R = 10; negligible at the default N = 1000). T_reac is a
// ratio: GAMS is unbiased for E[T 1_B], so T_reac = sum p_r T_r / sum p_r.

/// The estimate of a splitting run: p, tau with its standard error and 95%
/// interval, the escape rate, and the cost against direct simulation.
///
/// ```
/// p     = mean_r p_r,   L = mean_r L_r,   T0 = mean_r T0_r,
/// Treac = sum_r p_r Treac_r / sum_r p_r
/// tau   = T0 + L (1 - p) / p + Treac                        (steps)
/// u_r   = -(L / p^2)(p_r - p) + ((1 - p) / p)(L_r - L) + (T0_r - T0)
///         + p_r (Treac_r - Treac) / p                       (influence, delta method)
/// SE    = sqrt(var(u) / R),   CI95 = tau -+ t_{0.975, R-1} SE
/// direct_equivalent_steps = tau / (SE / tau)^2
/// ```
/// Direct simulation of exponential escape times (coefficient of variation
/// 1) needs 1 / relSE^2 escapes of tau steps each for the same relative SE,
/// hence `directEquivalentSteps`.
public struct SplittingEstimate: Sendable, Equatable {
    public let repetitions: Int
    /// p_bar and its standard error sd(p_r) / sqrt(R).
    public let probability: Double
    public let probabilitySE: Double
    public let meanEntranceSteps: Double
    public let meanLoopSteps: Double
    public let meanReactiveSteps: Double?
    /// tau in steps, its SE and 95% interval; nil when p_bar = 0.
    public let meanEscapeSteps: Double?
    public let meanEscapeStepsSE: Double?
    public let meanEscapeStepsCI95: (lower: Double, upper: Double)?
    /// 1 / tau per step and its interval [1 / upper, 1 / lower] (upper +inf when lower <= 0).
    public let ratePerStep: Double?
    public let rateCI95: (lower: Double, upper: Double)?
    public let directEquivalentSteps: Double?

    public init(_ result: SplittingResult) {
        let reps = result.repetitions
        let r = Double(reps.count)
        repetitions = reps.count
        let p = reps.map(\.probability)
        let pBar = p.reduce(0, +) / r
        probability = pBar
        probabilitySE = (p.map { ($0 - pBar) * ($0 - pBar) }.reduce(0, +) / (r - 1) / r).squareRoot()
        let loops = reps.map { $0.meanLoopSteps ?? 0 }
        let t0 = reps.map(\.meanEntranceSteps)
        let lBar = loops.reduce(0, +) / r, t0Bar = t0.reduce(0, +) / r
        meanLoopSteps = lBar
        meanEntranceSteps = t0Bar
        // A repetition with p_r = 0 has no reactive paths and no weight.
        let treac = reps.map { $0.meanReactiveSteps ?? 0 }
        let weight = p.reduce(0, +)
        let tBar: Double? = weight > 0 ? zip(p, treac).map { $0 * $1 }.reduce(0, +) / weight : nil
        meanReactiveSteps = tBar
        guard pBar > 0, let tBar else {
            meanEscapeSteps = nil; meanEscapeStepsSE = nil; meanEscapeStepsCI95 = nil
            ratePerStep = nil; rateCI95 = nil; directEquivalentSteps = nil
            return
        }
        let tau = t0Bar + lBar * (1 - pBar) / pBar + tBar
        let u = (0..<reps.count).map { i in
            -(lBar / (pBar * pBar)) * (p[i] - pBar) + ((1 - pBar) / pBar) * (loops[i] - lBar) + (t0[i] - t0Bar)
                + p[i] * (treac[i] - tBar) / pBar
        }
        let uBar = u.reduce(0, +) / r
        let se = (u.map { ($0 - uBar) * ($0 - uBar) }.reduce(0, +) / (r - 1) / r).squareRoot()
        let half = GSLStatistics.tQuantile(0.975, degreesOfFreedom: r - 1) * se
        meanEscapeSteps = tau
        meanEscapeStepsSE = se
        meanEscapeStepsCI95 = (tau - half, tau + half)
        ratePerStep = 1 / tau
        rateCI95 = (1 / (tau + half), tau - half > 0 ? 1 / (tau - half) : .infinity)
        directEquivalentSteps = se > 0 ? tau * (tau / se) * (tau / se) : .infinity
    }

    /// SE / tau.
    public var relativeSE: Double? { meanEscapeStepsSE.flatMap { se in meanEscapeSteps.map { se / $0 } } }

    public static func == (a: Self, b: Self) -> Bool {
        a.probability == b.probability && a.probabilitySE == b.probabilitySE && a.meanEscapeSteps == b.meanEscapeSteps
            && a.meanEscapeStepsSE == b.meanEscapeStepsSE && a.meanLoopSteps == b.meanLoopSteps
            && a.meanEntranceSteps == b.meanEntranceSteps && a.meanReactiveSteps == b.meanReactiveSteps
    }
}
