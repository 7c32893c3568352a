// Per-trajectory seeds. GSL seeds the generators of `Generator.supported`
// with 32 bits (s and s + 2^32 give the same stream), and a few seeds alias
// others: every GSL generator maps 0 to its default seed; taus2 and taus113
// bump s1 = LCG(s) < 2 by 2,
// so the seed whose LCG is 1 aliases another; mt19937 maps 0 to 4357. The
// sequence below is a bijection from the indices of a run onto the 32-bit
// seeds minus that alias set, so no two trajectories of a run share a stream:
//   r = (offset(master) + i) mod |S|,  v = the r-th element of S,
//   seed = mix(v), cycle-walked (mix applied again) until it lands in S.
// `mix` (lowbias32) is a bijection of UInt32, and cycle-walking a permutation
// restricted to S is a bijection of S.

/// Maps (master seed, trajectory index) to a GSL seed, bijectively in the index.
public struct SeedSequence: Sendable, Equatable {
    public let master: UInt64
    /// Seeds the generator treats as aliases of other seeds (sorted).
    let excluded: [UInt32]
    let offset: UInt64
    let domain: UInt64

    /// The seed sequence of a run with `master` seed on the named GSL generator.
    public init(master: UInt64, generator: String = "taus2") {
        self.master = master
        var bad: Set<UInt32> = [0]
        switch generator {
        case "taus2", "taus", "taus113":
            bad.insert(SeedSequence.inverse69069)   // LCG(s) = 1: s1 bumped to 3
        case "mt19937", "mt19937_1999", "mt19937_1998":
            bad.insert(4357)
        default: break
        }
        excluded = bad.sorted()
        domain = (1 << 32) - UInt64(excluded.count)
        offset = SeedSequence.splitMix64(master) % domain
    }

    /// The multiplicative inverse of 69069 modulo 2^32 (Newton's iteration).
    static let inverse69069: UInt32 = {
        let a: UInt32 = 69069
        var x = a
        for _ in 0..<5 { x = x &* (2 &- a &* x) }
        return x
    }()

    /// The largest number of trajectories one run can have distinct seeds for.
    public var capacity: UInt64 { domain }

    /// The seed of trajectory `index` (0-based, index < capacity).
    public func seed(for index: Int) -> UInt32 {
        let r = (offset + UInt64(index)) % domain
        var v = UInt32(r)
        for e in excluded where e <= v { v &+= 1 }
        var y = SeedSequence.mix(v)
        while excluded.contains(y) { y = SeedSequence.mix(y) }
        return y
    }

    /// lowbias32 (C. Wellons), a bijection of UInt32 with good avalanche.
    static func mix(_ x0: UInt32) -> UInt32 {
        var x = x0
        x ^= x >> 16
        x = x &* 0x7feb_352d
        x ^= x >> 15
        x = x &* 0x846c_a68b
        x ^= x >> 16
        return x
    }

    /// SplitMix64's finaliser: spreads nearby master seeds across the domain.
    static func splitMix64(_ z0: UInt64) -> UInt64 {
        var z = z0 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
