// Which GSL stream each piece of a splitting run draws from. Every stream is
// a distinct SeedSequence index of the run's master seed, so no two share a
// seed (SeedSequence is a bijection onto the 32-bit seeds), and every index is
// a deterministic function of (seed, repetition, iteration, replica):
//
//   index 0                          the pilot (one sequential stream)
//   block b = repetition + 1, indices b * 2^22 + k:
//     k = 0                          the basin run: T0, loops, entrance states
//     k = 1                          the survivor draws of every iteration
//     k = 2 + i                      replica i's first continuation
//     k = 2 + N + c                  the c-th branch of the repetition
//
// c counts branches in the order the algorithm makes them (iteration by
// iteration, killed replicas in index order), so a branch's stream is fixed
// by (seed, repetition, iteration, replica) and used by no other branch.
// Hashing (repetition, iteration, replica) into 32 bits instead could collide;
// a counter cannot. A repetition that would need more than 2^22 streams is
// stopped and reported as capped (failed), never truncated into an estimate.
// Reseeding per branch never replays a stream: Theory article, § Reference values at high barriers records a
// branch seeded from its slot number collapsing an estimate 1000-fold.

@usableFromInline
enum SplittingStreams {
    @usableFromInline static let perRepetition = 1 << 22
    /// Blocks 1...1022 stay below every generator's seed domain (2^32 - 2).
    static let maximumRepetitions = 1022
    /// Leaves room for at least 2^21 branches per repetition.
    static let maximumReplicas = 1 << 20

    @inlinable static var pilot: Int { 0 }

    @inlinable static func basin(_ repetition: Int) -> Int { (repetition + 1) * perRepetition }
    @inlinable static func selection(_ repetition: Int) -> Int { basin(repetition) + 1 }
    @inlinable static func firstRun(_ repetition: Int, replica i: Int) -> Int { basin(repetition) + 2 + i }

    /// The stream of branch `c` (0-based), nil past the block's end.
    @inlinable static func branch(_ repetition: Int, replicas n: Int, count c: Int) -> Int? {
        let k = 2 + n + c
        return k < perRepetition ? basin(repetition) + k : nil
    }
}
