import CGSL

// Synthetic data sets for finite-sum landscapes are drawn once, at set-up,
// from their own GSL generator: Mersenne Twister (`mt19937`) seeded with the
// landscape's `seed` parameter. The data therefore depend on the spec alone,
// never on the run's master seed or thread count, and the same spec gives
// the same data set on every machine with the same GSL. Normal draws use
// `gsl_ran_gaussian` (the polar Box-Muller method), the sampler numpy-style
// reference code corresponds to; nothing here is on the hot path.

/// A seeded GSL generator that builds synthetic data sets (set-up only).
///
/// ```
/// DataGenerator(seed: s): gsl_rng_mt19937, gsl_rng_set(r, s)
/// ```
/// GSL seeds mt19937 with the low 32 bits and maps 0 to its default seed 4357.
public final class DataGenerator {
    private let rng: UnsafeMutablePointer<gsl_rng>
    /// The seed the generator was started from.
    public let seed: UInt32

    /// A Mersenne Twister stream started from `seed`.
    public init(seed: UInt32) {
        GSL.prepare()
        rng = gsl_rng_alloc(cgsl_rng_mt19937())
        self.seed = seed
        gsl_rng_set(rng, UInt(seed))
    }

    deinit { gsl_rng_free(rng) }

    /// A normal draw N(0, sigma^2) (`gsl_ran_gaussian`).
    public func gaussian(sigma: Double = 1) -> Double { gsl_ran_gaussian(rng, sigma) }

    /// A uniform draw in [0, 1) (`gsl_rng_uniform`).
    public func uniform() -> Double { gsl_rng_uniform(rng) }
}
