/// Per-trajectory results of a run (or of one shard of it), in index order.
public struct EnsembleRecords: Sendable, Equatable {
    public let dimension: Int
    /// Trajectories in the whole run.
    public let trajectories: Int
    /// The indices held here (all of 0..<trajectories unless sharded).
    public internal(set) var indices: Range<Int>
    public var outcomes: [Outcome]
    /// Escape / divergence step, or max-steps for censored runs.
    public var steps: [Int]
    /// Final points, `dimension` values per trajectory; empty when not kept.
    public var finalPoints: [Double]
    /// Wall-clock seconds the simulation took (not part of equality).
    public var elapsedSeconds: Double
    /// Worker threads used.
    public var threads: Int

    public init(dimension: Int, trajectories: Int, indices: Range<Int>, outcomes: [Outcome], steps: [Int],
                finalPoints: [Double], elapsedSeconds: Double, threads: Int) {
        self.dimension = dimension
        self.trajectories = trajectories
        self.indices = indices
        self.outcomes = outcomes
        self.steps = steps
        self.finalPoints = finalPoints
        self.elapsedSeconds = elapsedSeconds
        self.threads = threads
    }

    public var count: Int { outcomes.count }
    public var hasFinalPoints: Bool { finalPoints.count == count * dimension && count > 0 }

    /// Final point of the k-th record held here.
    public func finalPoint(_ k: Int) -> ArraySlice<Double> {
        finalPoints[(k * dimension)..<((k + 1) * dimension)]
    }

    /// Sum of every trajectory's steps (escaped, diverged and censored alike).
    public var totalSteps: Int { steps.reduce(0, +) }

    /// Same trajectories, outcomes and steps, and final points equal bit for
    /// bit, except that any two NaNs are equal: a diverged point's NaN payload
    /// depends on the operation that made it and does not survive the text
    /// of a shard file, so it carries no information.
    public static func == (a: EnsembleRecords, b: EnsembleRecords) -> Bool {
        a.dimension == b.dimension && a.trajectories == b.trajectories && a.indices == b.indices
            && a.outcomes == b.outcomes && a.steps == b.steps
            && a.finalPoints.count == b.finalPoints.count
            && zip(a.finalPoints, b.finalPoints).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    /// The records as one batch (what sinks read).
    public func withBatch<R>(_ body: (RecordBatch) throws -> R) rethrows -> R {
        try outcomes.withUnsafeBufferPointer { o in
            try steps.withUnsafeBufferPointer { s in
                try finalPoints.withUnsafeBufferPointer { f in
                    try body(RecordBatch(first: indices.lowerBound, count: count, dimension: dimension, outcomes: o, steps: s,
                                         finalPoints: hasFinalPoints ? f : UnsafeBufferPointer(start: nil, count: 0)))
                }
            }
        }
    }

    /// Concatenates shards given in index order into one set of records.
    public static func concatenate(_ parts: [EnsembleRecords]) -> EnsembleRecords? {
        guard let first = parts.first else { return nil }
        var out = first
        for p in parts.dropFirst() {
            guard p.dimension == out.dimension, p.trajectories == out.trajectories,
                  p.indices.lowerBound == out.indices.upperBound,
                  p.hasFinalPoints == out.hasFinalPoints || p.count == 0 || out.count == 0
            else { return nil }
            // Appending in place: one copy of each shard, not of everything so far.
            out.indices = out.indices.lowerBound..<p.indices.upperBound
            out.outcomes += p.outcomes
            out.steps += p.steps
            out.finalPoints += p.finalPoints
            out.elapsedSeconds += p.elapsedSeconds
            out.threads = max(out.threads, p.threads)
        }
        return out
    }
}
