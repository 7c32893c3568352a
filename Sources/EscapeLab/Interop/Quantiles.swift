import CGSL

/// Quantiles of the distributions the statistics need beyond `GSLStatistics`.
public enum Quantiles {
    /// The p-quantile of the Beta(a, b) distribution (`gsl_cdf_beta_Pinv`), a, b > 0.
    ///
    /// Used for exact (Clopper-Pearson) binomial intervals:
    /// ```
    /// lower = Beta^-1(alpha/2; k, n - k + 1),  upper = Beta^-1(1 - alpha/2; k + 1, n - k)
    /// ```
    public static func beta(_ p: Double, a: Double, b: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_beta_Pinv(p, a, b)
    }
}
