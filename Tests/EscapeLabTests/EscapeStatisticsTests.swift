import Foundation
import Testing
@testable import EscapeLab

/// The summary comes from exact integer statistics that merge by addition:
/// the same numbers as the direct computation over the steps (GSL's
/// quantiles, the Kaplan-Meier product over sorted times), and the same bits
/// for any split of the records and any order of merging.
@Suite struct EscapeStatisticsTests {
    /// Random records: exponential-ish escape steps, some censored at 5000, some diverged.
    static func records(_ n: Int, seed: UInt64) -> [(Outcome, Int)] {
        var g = SplitMix(seed: seed)
        return (0..<n).map { _ in
            let u = g.uniform()
            if u < 0.1 { return (.censored, 5000) }
            if u < 0.13 { return (.diverged, 1 + Int(g.uniform() * 4999)) }
            return (.escaped, Int(-800 * log(1 - g.uniform())) % 5000)
        }
    }

    @Test func summaryMatchesTheDirectComputation() {
        let r = Self.records(5000, seed: 3)
        var stats = EscapeStatistics()
        for (o, s) in r { stats.add(o, steps: s) }
        let escaped = r.filter { $0.0 == .escaped }.map { Double($0.1) }
        let sorted = escaped.sorted()
        for f in [0.05, 0.25, 0.5, 0.75, 0.95, 0, 1] {
            #expect(EscapeStatistics.quantile(stats.sortedEscapeCounts, total: escaped.count, f)
                    == GSLStatistics.quantile(sorted: sorted, f), "f = \(f)")
        }
        // Mean and SD: exact integer sums against GSL's floating-point passes.
        #expect(abs(stats.meanEscapeSteps! / GSLStatistics.mean(escaped) - 1) < 1e-13)
        #expect(abs(stats.escapeStepStandardDeviation! / GSLStatistics.standardDeviation(escaped) - 1) < 1e-12)
        let km = KaplanMeier(steps: r.map(\.1), escaped: r.map { $0.0 == .escaped })
        #expect(stats.kaplanMeier.curve.map(\.step) == km.curve.map(\.step))
        #expect(stats.kaplanMeier.curve.map(\.survival) == km.curve.map(\.survival))
        #expect(stats.totalSteps == UInt128(r.map(\.1).reduce(0, +)))
    }

    @Test func mergesAreExactInAnySplitAndOrder() {
        let r = Self.records(3000, seed: 5)
        var whole = EscapeStatistics()
        for (o, s) in r { whole.add(o, steps: s) }
        var g = SplitMix(seed: 8)
        for _ in 0..<20 {
            // Random cut points, merged in a random order.
            let cuts = ([0, r.count] + (0..<4).map { _ in Int(g.uniform() * Double(r.count)) }).sorted()
            var parts: [EscapeStatistics] = []
            for (a, b) in zip(cuts, cuts.dropFirst()) {
                var p = EscapeStatistics()
                for (o, s) in r[a..<b] { p.add(o, steps: s) }
                parts.append(p)
            }
            parts.shuffle(using: &g)
            var merged = EscapeStatistics()
            for p in parts { merged.merge(p) }
            #expect(merged == whole)
            #expect(EscapeSummary(merged, learningRate: 0.01) == EscapeSummary(whole, learningRate: 0.01))
        }
    }

    @Test func wideSumsDoNotOverflow() {
        // The most trajectories, 2^32 - 1, all escaping at the most steps, 2^48:
        // S1 = (2^32 - 1) 2^48, S2 = (2^32 - 1) 2^96 < 2^128 fit, and the
        // variance numerator n S2 - S1^2 is 0 exactly.
        var s = EscapeStatistics()
        s.add(.escaped, steps: EscapeStatistics.maximumSteps, count: 1 << 31)
        s.add(.escaped, steps: EscapeStatistics.maximumSteps, count: (1 << 31) - 1)
        #expect(s.trajectories == EscapeStatistics.maximumTrajectories)
        #expect(s.escapeStepSum == (UInt128(1) << 80) - (UInt128(1) << 48))
        #expect(s.escapeStepSquareSum == UInt128.max - (UInt128(1) << 96) + 1)
        #expect(s.escapeStepStandardDeviation == 0)
        #expect(s.meanEscapeSteps == Double(EscapeStatistics.maximumSteps))
    }
}

extension SplitMix: RandomNumberGenerator {}
