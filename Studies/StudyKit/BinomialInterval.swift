import EscapeLab

/// A success proportion k / n with its exact (Clopper-Pearson) 95% interval.
///
/// ```
/// lower = Beta^-1(0.025; k, n - k + 1)   (0 when k = 0)
/// upper = Beta^-1(0.975; k + 1, n - k)   (1 when k = n)
/// ```
/// The interval covers the true rate with probability >= 95% for every rate
/// (it is conservative); quantiles from GSL (`gsl_cdf_beta_Pinv`).
public struct BinomialInterval: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    public let lower: Double
    public let upper: Double

    public init(successes k: Int, trials n: Int, confidence: Double = 0.95) {
        precondition(n >= 1 && k >= 0 && k <= n)
        successes = k
        trials = n
        let tail = (1 - confidence) / 2
        lower = k == 0 ? 0 : Quantiles.beta(tail, a: Double(k), b: Double(n - k + 1))
        upper = k == n ? 1 : Quantiles.beta(1 - tail, a: Double(k + 1), b: Double(n - k))
    }

    /// k / n.
    public var rate: Double { Double(successes) / Double(trials) }

    /// True when the two intervals share no point.
    public func isDisjoint(from other: BinomialInterval) -> Bool {
        upper < other.lower || other.upper < lower
    }

    /// "0.123 [0.103, 0.145]".
    public var text: String {
        "\(Fmt.g(rate, 3)) [\(Fmt.g(lower, 3)), \(Fmt.g(upper, 3))]"
    }
}
