import CGSL
import Foundation

// GSL's statistics, distributions and least-squares fits, behind Swift
// signatures. Inputs are Swift arrays; nothing here is on the hot path.

enum GSLStatistics {
    /// Sample mean (`gsl_stats_mean`).
    static func mean(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// Sample standard deviation with n - 1 (`gsl_stats_sd`).
    static func standardDeviation(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }

    /// Sorts ascending (`gsl_sort`).
    static func sorted(_ x: [Double]) -> [Double] {
        var y = x
        y.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        return y
    }

    /// Quantile p of sorted data by linear interpolation (`gsl_stats_quantile_from_sorted_data`).
    static func quantile(sorted x: [Double], _ p: Double) -> Double {
        x.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
    }

    /// The p-quantile of the chi-square distribution with nu degrees of freedom.
    ///
    /// GSL is exact where it works, but not everywhere: `gsl_cdf_chisq_Pinv`
    /// fails to converge from about nu = 5e4 (NaN) or stops at a wrong point,
    /// and `gsl_cdf_chisq_P` itself is off by 0.005 at nu = 1e8. So:
    /// - nu <= 1e5: GSL's inverse when it checks out (P(x) = p to 1e-12), else
    ///   Newton steps on GSL's CDF (accurate to 1e-12 there), kept inside the
    ///   bracket each evaluation narrows;
    /// - nu > 1e5: Wilson-Hilferty, x = nu (1 - a + z sqrt(a))^3, a = 2/(9 nu),
    ///   z the normal quantile, whose relative error is below 1.4e-9 at nu = 1e5
    ///   and falls as nu^(-3/2) (checked against scipy's chi2.ppf).
    static func chiSquareQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        let z = gsl_cdf_ugaussian_Pinv(p), a = 2 / (9 * nu)
        let wilsonHilferty = nu * pow(1 - a + z * a.squareRoot(), 3)
        if nu > 1e5 { return wilsonHilferty }
        let gsl = gsl_cdf_chisq_Pinv(p, nu)
        if gsl.isFinite, abs(gsl_cdf_chisq_P(gsl, nu) - p) <= 1e-12 { return gsl }
        var x = max(wilsonHilferty, .leastNormalMagnitude)
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<200 {
            let f = gsl_cdf_chisq_P(x, nu) - p
            if f < 0 { lo = x } else { hi = x }
            let density = gsl_ran_chisq_pdf(x, nu)
            var next = density > 0 ? x - f / density : .nan
            if !(next > lo && next < hi) { next = hi.isInfinite ? 2 * x + 1 : 0.5 * (lo + hi) }
            if abs(next - x) <= 1e-15 * x { return next }
            x = next
        }
        return x
    }

    /// P(X <= x) and P(X > x) for X ~ chi-square with nu degrees of freedom
    /// (`gsl_cdf_chisq_P`, `gsl_cdf_chisq_Q`; accurate to ~1e-12 for nu <= 1e5).
    static func chiSquareCDF(_ x: Double, degreesOfFreedom nu: Double) -> (lower: Double, upper: Double) {
        GSL.prepare()
        return (gsl_cdf_chisq_P(x, nu), gsl_cdf_chisq_Q(x, nu))
    }

    /// The chi-square density with nu degrees of freedom at x (`gsl_ran_chisq_pdf`).
    static func chiSquareDensity(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        return gsl_ran_chisq_pdf(x, nu)
    }

    /// The p-quantile of Student's t distribution with nu degrees of freedom
    /// (`gsl_cdf_tdist_Pinv`).
    static func tQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_tdist_Pinv(p, nu)
    }

    /// Weighted least squares y = c0 + c1 x (`gsl_fit_wlinear`).
    static func weightedLine(x: [Double], y: [Double], weights w: [Double]) throws
        -> (c0: Double, c1: Double, cov00: Double, cov01: Double, cov11: Double, chiSquare: Double)
    {
        GSL.prepare()
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, chisq = 0.0
        let status = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                w.withUnsafeBufferPointer { wp in
                    gsl_fit_wlinear(xp.baseAddress, 1, wp.baseAddress, 1, yp.baseAddress, 1, x.count,
                                    &c0, &c1, &cov00, &cov01, &cov11, &chisq)
                }
            }
        }
        try GSL.check(status, "gsl_fit_wlinear")
        return (c0, c1, cov00, cov01, cov11, chisq)
    }

    /// Unweighted least squares y = c0 + c1 x (`gsl_fit_linear`).
    static func line(x: [Double], y: [Double]) throws
        -> (c0: Double, c1: Double, cov00: Double, cov01: Double, cov11: Double, sumSquares: Double)
    {
        GSL.prepare()
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, ss = 0.0
        let status = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                gsl_fit_linear(xp.baseAddress, 1, yp.baseAddress, 1, x.count, &c0, &c1, &cov00, &cov01, &cov11, &ss)
            }
        }
        try GSL.check(status, "gsl_fit_linear")
        return (c0, c1, cov00, cov01, cov11, ss)
    }
}
