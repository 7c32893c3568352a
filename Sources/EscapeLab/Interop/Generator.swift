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
    /// - Throws: ``SpecError`` when GSL has no generator of that name.
    public init(named name: String) throws {
        GSL.prepare()
        guard let type = Generator.type(named: name) else {
            throw SpecError.invalid(
                flag: "--rng", value: name,
                accepted: "a GSL generator name such as \(Generator.recommended.joined(separator: ", ")) (see `escapelab list generators`)")
        }
        guard let r = gsl_rng_alloc(type) else {
            throw SpecError.invalid(flag: "--rng", value: name, accepted: "a generator GSL can allocate")
        }
        self.rng = r
        self.name = String(cString: r.pointee.type.pointee.name)
    }

    deinit { gsl_rng_free(rng) }

    /// Generators worth naming in help texts; any GSL name is accepted.
    public static let recommended = ["taus2", "mt19937", "ranlxd2", "gfsr4"]

    /// Every generator name GSL knows, in GSL's order.
    public static var allNames: [String] {
        var names: [String] = []
        guard var p = gsl_rng_types_setup() else { return names }
        while let t = p.pointee {
            names.append(String(cString: t.pointee.name))
            p += 1
        }
        return names
    }

    static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
        switch name {
        case "taus2": return cgsl_rng_taus2()
        case "mt19937": return cgsl_rng_mt19937()
        case "ranlxd2": return cgsl_rng_ranlxd2()
        default: break
        }
        guard var p = gsl_rng_types_setup() else { return nil }
        while let t = p.pointee {
            if String(cString: t.pointee.name) == name { return t }
            p += 1
        }
        return nil
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

    /// Uniform integer in 0..<n (`gsl_rng_uniform_int`), n >= 1.
    @inline(__always)
    public func uniformInt(_ n: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(n))) }

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
