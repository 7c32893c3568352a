// What a replica is: the full Markov state of the chain (the point and the
// optimizer's state: momentum buffer, Adam's moments and step count; the
// noise keeps none, its covariance is fixed) and the records of its path
// since its entrance on Sigma. Copying a state branches it: both are value
// types, so a copy never shares what the other mutates.

/// The chain's full Markov state: the point and the optimizer's state.
public struct MarkovState<O: Optimizer> {
    public var x: O.Vector
    public var optimizer: O.State

    @inlinable
    public init(x: O.Vector, optimizer: O.State) {
        self.x = x
        self.optimizer = optimizer
    }
}

/// A record of a replica's path: a state at which the running maximum of
/// xi~ (xi off B, +inf on B) strictly increased, with its step from the entrance.
@usableFromInline
struct PathRecord<O: Optimizer> {
    @usableFromInline var level: Double
    @usableFromInline var step: Int
    @usableFromInline var state: MarkovState<O>

    @inlinable
    init(level: Double, step: Int, state: MarkovState<O>) {
        self.level = level
        self.step = step
        self.state = state
    }
}

/// One replica of a GAMS repetition.
///
/// `records[0]` is its entrance state (step 0); levels along `records` are
/// strictly increasing, so the first time the path exceeds any level Z is a
/// record: branching at Z copies `records[0...j]`, j the first record above Z.
@usableFromInline
struct Replica<O: Optimizer> {
    @usableFromInline var records: [PathRecord<O>]
    /// The path's maximum of xi~ when it ended: +inf when it reached B.
    @usableFromInline var level: Double
    /// Steps from the entrance to the end of the path (to B, or back into A).
    @usableFromInline var duration: Int
    /// The entrance state this replica descends from (for the ancestor count).
    @usableFromInline var ancestor: Int
    /// The path ended with a non-finite point or optimizer state.
    @usableFromInline var diverged: Bool

    @inlinable
    init(entrance: MarkovState<O>, level: Double, ancestor: Int) {
        records = [PathRecord(level: level, step: 0, state: entrance)]
        self.level = level
        duration = 0
        self.ancestor = ancestor
        diverged = false
    }
}
