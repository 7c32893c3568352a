import Testing
@testable import EscapeLab

/// Per-trajectory seeds: a bijection of the indices onto 32-bit seeds that
/// avoids the seeds GSL aliases, so no two trajectories share a stream.
@Suite struct SeedSequenceTests {
    @Test func mixIsABijectionOnASample() {
        var seen = Set<UInt32>()
        for x in 0..<UInt32(1 << 20) { seen.insert(SeedSequence.mix(x)) }
        #expect(seen.count == 1 << 20)
    }

    @Test func seedsOfARunAreDistinctAndAvoidAliases() {
        for generator in ["taus2", "mt19937", "ranlxd2"] {
            let s = SeedSequence(master: 12345, generator: generator)
            var seen = Set<UInt32>()
            for i in 0..<200_000 { seen.insert(s.seed(for: i)) }
            #expect(seen.count == 200_000)
            #expect(!seen.contains(0))
        }
    }

    @Test func taus2AliasIsExcluded() {
        // taus2 bumps s1 = 69069 s mod 2^32 up by 2 when it is below 2, so the
        // seed with 69069 s = 1 would replay the seed with 69069 s = 3.
        let inverse = SeedSequence.inverse69069
        #expect(inverse &* 69069 == 1)
        let s = SeedSequence(master: 0, generator: "taus2")
        #expect(s.excluded.contains(inverse) && s.excluded.contains(0))
        // Indices that land on an excluded value are walked past it.
        for i in 0..<1000 { #expect(!s.excluded.contains(s.seed(for: i))) }
    }

    @Test func nearbyMastersGiveUnrelatedOffsets() {
        let a = SeedSequence(master: 1), b = SeedSequence(master: 2)
        let sa = Set((0..<10_000).map { a.seed(for: $0) })
        let sb = Set((0..<10_000).map { b.seed(for: $0) })
        #expect(sa.intersection(sb).count < 10)
    }
}
