import CGSL

// One GSL generator per worker, reseeded for every trajectory (taus2 reseeds in
// ~20 ns). The class is final and its draw methods are tiny wrappers around
// the GSL sampler functions, so inside the specialised hot loop a draw costs
// exactly what it costs in C.

/// A GSL random number generator (`gsl_rng`) owned by one worker thread.
///
/// All randomness in EscapeLab comes from GSL generators and GSL's samplers.
/// A generator is not thread-safe: each worker owns one and reseeds it per
/// trajectory from ``SeedSequence``.
public final class Generator {
    private let rng: UnsafeMutablePointer<gsl_rng>
    /// GSL's name of the algorithm (`taus2`, `mt19937`, ...).
    public let name: String

    /// Allocates a generator of the named GSL type.
    /// - Throws: ``SpecError`` unless `name` is one of ``supported``.
    public init(named name: String) throws {
        GSL.prepare()
        guard let type = Generator.type(named: name) else {
            throw SpecError.invalid(
                .generator, value: name,
                accepted: Generator.supported.joined(separator: ", ")
                    + " (generators whose 32-bit seeds all give distinct streams)")
        }
        guard let r = gsl_rng_alloc(type) else {
            throw SpecError.invalid(.generator, value: name, accepted: "a generator GSL can allocate")
        }
        self.rng = r
        self.name = String(cString: r.pointee.type.pointee.name)
    }

    deinit { gsl_rng_free(rng) }

    /// The generators a run may use, default first.
    ///
    /// Only generators whose seeding `gsl_rng_set(r, s)` is injective on the
    /// 32-bit seeds (up to the aliases ``SeedSequence`` excludes) are offered,
    /// since a run gives every trajectory its own seed. Several other GSL
    /// generators reduce the seed first and so replay each other's streams:
    /// `ranlxd*` (s and 2^32 - s), `ranlxs*`, `knuthran`, `rand`, `randu`
    /// (s mod 2^31), `ranlux` (s mod 2147483563), `minstd`, `ran0`, `ran1`
    /// (s mod 2^31 - 1); they are refused rather than silently correlated.
    public static let supported = ["taus2", "taus113", "taus", "mt19937", "mt19937_1999", "mt19937_1998", "gfsr4"]

    static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
        switch name {
        case "taus2": return cgsl_rng_taus2()
        case "taus113": return cgsl_rng_taus113()
        case "taus": return cgsl_rng_taus()
        case "mt19937": return cgsl_rng_mt19937()
        case "mt19937_1999": return cgsl_rng_mt19937_1999()
        case "mt19937_1998": return cgsl_rng_mt19937_1998()
        case "gfsr4": return cgsl_rng_gfsr4()
        default: return nil
        }
    }

    /// Restarts the stream from `seed` (`gsl_rng_set`).
    @inline(__always)
    public func reseed(_ seed: UInt32) { gsl_rng_set(rng, UInt(seed)) }

    /// The draw functions, as a value the hot loop keeps in a register.
    /// Valid while this generator is alive.
    public var source: RandomSource { RandomSource(rng: rng) }
}

/// Draws from a worker's GSL generator: every sampler EscapeLab uses.
/// A plain pointer wrapper, so the hot loop loads nothing to make a draw.
public struct RandomSource {
    let rng: UnsafeMutablePointer<gsl_rng>

    /// Standard normal draw, GSL's ziggurat (`gsl_ran_gaussian_ziggurat(r, 1)`).
    @inline(__always)
    public func gaussian() -> Double { gsl_ran_gaussian_ziggurat(rng, 1.0) }

    /// Uniform draw in [0, 1) (`gsl_rng_uniform`).
    @inline(__always)
    public func uniform() -> Double { cgsl_rng_uniform(rng) }

    /// Uniform integer in 0..<n, n >= 1 (`gsl_rng_uniform_int`: every value
    /// equally likely, no modulo bias).
    @inline(__always)
    public func index(below n: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(n))) }

    /// Symmetric alpha-stable draw with scale c (`gsl_ran_levy(r, c, alpha)`).
    ///
    /// GSL's convention: the characteristic function is
    /// ```
    /// p(t) = exp(-|c t|^alpha),   0 < alpha <= 2
    /// ```
    /// so alpha = 2 is a Gaussian of variance 2 c^2 and alpha = 1 a Cauchy of
    /// scale c.
    @inline(__always)
    public func levy(scale c: Double, alpha: Double) -> Double { gsl_ran_levy(rng, c, alpha) }

    /// Student-t draw with nu degrees of freedom (`gsl_ran_tdist`).
    @inline(__always)
    public func studentT(nu: Double) -> Double { gsl_ran_tdist(rng, nu) }

    /// Chooses `k` distinct indices of 0..<n in increasing order into `out`
    /// (GSL's selection sampling, `gsl_ran_choose`); `source` must hold 0..<n.
    @inline(__always)
    public func choose(_ out: UnsafeMutableBufferPointer<Int>, from source: UnsafeMutableBufferPointer<Int>) {
        gsl_ran_choose(rng, out.baseAddress, out.count, source.baseAddress, source.count, MemoryLayout<Int>.stride)
    }

    /// Chooses `out.count` indices of `source` with replacement (`gsl_ran_sample`).
    @inline(__always)
    public func sample(_ out: UnsafeMutableBufferPointer<Int>, from source: UnsafeMutableBufferPointer<Int>) {
        gsl_ran_sample(rng, out.baseAddress, out.count, source.baseAddress, source.count, MemoryLayout<Int>.stride)
    }
}
