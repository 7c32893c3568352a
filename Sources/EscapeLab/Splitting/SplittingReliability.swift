import Foundation

// When not to believe a splitting estimate. A poor coordinate or a chain that
// leaves by another mechanism than crossing the barrier (SGD at lr ~ 2/H on
// Styblinski-Tang, where the period-2 instability escapes) makes GAMS
// degenerate: whole levels tie, one ancestor takes over, p_hat_r spreads over
// many decades, and the "estimate" is 28 times off with a 100% SE. The
// thresholds separate that failing case from healthy runs (DESIGN of
// issue 8, section 5):
//
//   signal                               healthy (DW, barrier/T 30)  failing   flag
//   extinct repetitions                  0/10                        1-6/10    any (N >= 100): warning; > R/2: unreliable
//   largest K_q / N                      <= 0.03                     0.95-1    > 0.5: warning; in > R/2: unreliable
//   distinct ancestors of final replicas 24-36                       1-2       <= 2 in > R/2: unreliable
//   relsd of p_r over repetitions        0.15-0.25                   > 3       > 1: unreliable
//   relSE(tau)                           0.03-0.06                   ~1        > 0.3: unreliable
//   failed (capped) repetitions          0                           -         any: unreliable
//
// Divergences end a path like a return to A; any is reported as a warning.

/// The verdict on a splitting estimate, with its reasons.
public struct SplittingReliability: Sendable, Equatable {
    public enum Level: String, Sendable {
        case reliable, warning, unreliable
    }

    public let level: Level
    public let reasons: [String]

    public init(_ result: SplittingResult, _ estimate: SplittingEstimate) {
        let reps = result.repetitions
        let r = reps.count, n = result.replicas
        var bad: [String] = [], warn: [String] = []
        let failed = reps.filter { $0.failure != nil }
        if !failed.isEmpty {
            bad.append("\(failed.count)/\(r) repetitions failed (\(Set(failed.compactMap(\.failure)).sorted().joined(separator: "; ")))")
        }
        let extinct = reps.filter(\.extinct).count
        if 2 * extinct > r {
            bad.append("\(extinct)/\(r) repetitions extinct (all replicas tied)")
        } else if extinct > 0, n >= 100 {
            warn.append("\(extinct)/\(r) repetitions extinct (all replicas tied)")
        }
        let sound = reps.filter { $0.failure == nil && !$0.extinct }
        let crowded = sound.filter { 2 * $0.maxKilled > n }.count
        if 2 * crowded > r {
            bad.append("more than half the replicas tied at one level in \(crowded)/\(r) repetitions")
        } else if crowded > 0 {
            warn.append("more than half the replicas tied at one level in \(crowded)/\(r) repetitions")
        }
        let inbred = sound.filter { $0.ancestors <= 2 }.count
        if 2 * inbred > r {
            bad.append("the final replicas descend from <= 2 entrance states in \(inbred)/\(r) repetitions")
        }
        if estimate.probability == 0 {
            bad.append("every repetition estimated p = 0: no estimate")
        } else {
            let p = reps.map(\.probability)
            let sd = estimate.probabilitySE * Double(r).squareRoot()
            if sd / estimate.probability > 1 {
                bad.append("p_r spreads widely over repetitions (relative sd \(RunReport.short(sd / estimate.probability, 2)); min \(RunReport.short(p.min()!, 2)), max \(RunReport.short(p.max()!, 2)))")
            }
        }
        if let rel = estimate.relativeSE, rel > 0.3 {
            bad.append("relative standard error of tau is \(RunReport.short(rel, 2)) (> 0.3)")
        }
        let diverged = reps.reduce(0) { $0 + $1.divergedPaths }
        if diverged > 0 { warn.append("\(diverged) replica paths diverged (counted as returns to the basin)") }
        level = !bad.isEmpty ? .unreliable : (!warn.isEmpty ? .warning : .reliable)
        reasons = bad + warn
    }

    /// "reliable", "reliable, with warnings: ..." or "UNRELIABLE: ...".
    public var text: String {
        switch level {
        case .reliable: return "reliable"
        case .warning: return "reliable, with warnings: " + reasons.joined(separator: "; ")
        case .unreliable: return "UNRELIABLE: " + reasons.joined(separator: "; ")
        }
    }
}
