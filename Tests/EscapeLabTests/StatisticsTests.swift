import Foundation
import Testing
@testable import EscapeLab

/// Summary statistics against values computed by hand or with scipy.
@Suite struct StatisticsTests {
    static func records(_ pairs: [(Outcome, Int)]) -> EnsembleRecords {
        EnsembleRecords(dimension: 1, trajectories: pairs.count, indices: 0..<pairs.count,
                        outcomes: pairs.map(\.0), steps: pairs.map(\.1), finalPoints: [],
                        elapsedSeconds: 1, threads: 1)
    }

    @Test func countsMomentsAndQuantiles() throws {
        let r = Self.records([(.escaped, 10), (.escaped, 20), (.escaped, 30), (.escaped, 40), (.censored, 100), (.diverged, 5)])
        let s = EscapeSummary(r, learningRate: 0.5)
        #expect(s.escaped == 4 && s.censored == 1 && s.diverged == 1)
        #expect(s.meanEscapeSteps == 25)
        // sd of 10,20,30,40 is sqrt(500/3); SE = sd / 2.
        #expect(abs(try #require(s.meanEscapeStepsSE) - (500.0 / 3).squareRoot() / 2) < 1e-12)
        #expect(s.medianEscapeSteps == 25)
        // Linear interpolation (GSL): p25 of 4 sorted values is at 0.75 -> 17.5.
        #expect(s.quantiles == [11.5, 17.5, 32.5, 38.5])
        #expect(s.meanEscapeTime == 12.5)
        #expect(s.totalSteps == 205)
    }

    /// lambda = d / S with the exact chi-square interval; reference values from
    /// scipy.stats.chi2.ppf: chi2(0.025, 20) = 9.590777392, chi2(0.975, 22) = 36.78071208.
    @Test func rateEstimateAndItsExactInterval() {
        let e = RateEstimate(events: 10, exposure: 1000)
        #expect(e.rate == 0.01)
        #expect(abs(e.lower! - 9.590777392 / 2000) < 1e-10)
        #expect(abs(e.upper! - 36.78071208 / 2000) < 1e-10)
        // No events: lower bound 0, upper chi2(0.975, 2) / 2S = -ln(0.025) / S.
        let none = RateEstimate(events: 0, exposure: 500)
        #expect(none.lower == 0 && abs(none.upper! + log(0.025) / 500) < 1e-12)
        #expect(none.meanSteps == nil)
    }

    /// The rate interval covers the true rate of a geometric law about 95%
    /// of the time: 400 simulated censored samples, coverage within 4 SE plus
    /// a 1% bias bound (the chi-square interval is exact for exponential
    /// times censored after a fixed number of events; whole-step times cut
    /// at a fixed cap make its coverage only approximately 95%).
    @Test func rateIntervalHasNominalCoverage() throws {
        var rng = SplitMix(seed: 99)
        let p = 0.002, cap = 400
        var covered = 0
        let trials = 400
        for _ in 0..<trials {
            var pairs: [(Outcome, Int)] = []
            for _ in 0..<50 {
                let t = Int((log(1 - rng.uniform()) / log(1 - p)).rounded(.up))
                pairs.append(t <= cap ? (.escaped, max(t, 1)) : (.censored, cap))
            }
            let s = EscapeSummary(Self.records(pairs), learningRate: 1)
            let lambda = -log(1 - p)
            if let lo = s.rate.lower, let hi = s.rate.upper, lo <= lambda, lambda <= hi { covered += 1 }
        }
        let se = (0.95 * 0.05 / Double(trials)).squareRoot()
        #expect(abs(Double(covered) / Double(trials) - 0.95) <= 4 * se + 0.01)
    }

    /// Kaplan-Meier by hand: times 1, 2(c), 3, 3, 5(c), 6 over six runs:
    /// S(1) = 5/6, S(3) = 5/6 * (1 - 2/4) = 5/12 <= 1/2 -> median 3.
    @Test func kaplanMeierByHand() {
        let km = KaplanMeier(steps: [1, 2, 3, 3, 5, 6], escaped: [true, false, true, true, false, true])
        #expect(km.curve.map(\.step) == [1, 3, 6])
        #expect(abs(km.survival(at: 2) - 5.0 / 6) < 1e-15)
        #expect(abs(km.survival(at: 4) - 5.0 / 12) < 1e-15)
        #expect(km.survival(at: 6) == 0)
        #expect(km.median == 3)
    }

    @Test func weightedLineFitRecoversSlopeAndReportsRSquared() throws {
        let x = [1.0, 2, 3, 4, 5]
        let y = x.map { 2 - 0.5 * $0 }
        let f = try LinearFit(x: x, y: y, weights: [1, 1, 2, 2, 1])
        #expect(abs(f.slope + 0.5) < 1e-12 && abs(f.intercept - 2) < 1e-12)
        #expect(abs(f.rSquared - 1) < 1e-12)
        let noisy = try LinearFit(x: x, y: [1.4, 1.1, 0.4, 0.1, -0.4])
        #expect(noisy.slopeSE > 0 && noisy.rSquared < 1 && noisy.rSquared > 0.9)
    }
}

/// GSL's chi-square inverse fails for large degrees of freedom (NaN from about
/// 5e4, a wrong point at 1e6, and its CDF is off by 0.005 at 1e8); the rate
/// interval must stay exact there.
@Suite struct LargeCountIntervalTests {
    /// chi2.ppf(0.025, 2d) / (2d) and chi2.ppf(0.975, 2d + 2) / (2d) from scipy 1.17.
    static let scipy: [(d: Int, lower: Double, upper: Double)] = [
        (1_000, 0.9389730184076952, 1.0639521360163018),
        (25_000, 0.9876420288655005, 1.0124739910682046),
        (49_999, 0.9912536457322338, 1.0088043291432387),
        (500_000, 0.9972300871432901, 1.0027757042397327),
        (100_000_000, 0.9998040130732474, 1.0001960158707914),
    ]

    @Test(arguments: 0..<scipy.count)
    func rateIntervalMatchesScipyForLargeCounts(_ k: Int) {
        let (d, lower, upper) = Self.scipy[k]
        let r = RateEstimate(events: d, exposure: UInt128(10 * d))
        guard let lo = r.lower, let hi = r.upper else { Issue.record("no interval"); return }
        // Both are good to 1e-9 relative (Wilson-Hilferty's error at 1e5; GSL's below).
        #expect(abs(lo * 10 / lower - 1) < 1e-9, "d = \(d): \(lo * 10) vs \(lower)")
        #expect(abs(hi * 10 / upper - 1) < 1e-9, "d = \(d): \(hi * 10) vs \(upper)")
    }
}
