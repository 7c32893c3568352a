import Foundation
import Synchronization

// Records leave the engine in index order, a batch at a time, whatever the
// thread count: workers finish chunks in any order, and a bounded window of
// chunk slots holds the finished ones until every chunk before them is done.
// A sink (statistics, a CSV file, a shard file, a checkpoint) therefore sees
// the single-run order and never needs O(trajectories) memory, and an
// interrupted run is a clean prefix of the indices.

/// Consecutive records handed to a sink, in index order.
public struct RecordBatch {
    /// The run-wide index of the first record.
    public let first: Int
    public let count: Int
    public let dimension: Int
    public let outcomes: UnsafeBufferPointer<Outcome>
    public let steps: UnsafeBufferPointer<Int>
    /// `dimension` values per record, or empty when final points are not kept.
    public let finalPoints: UnsafeBufferPointer<Double>

    public init(first: Int, count: Int, dimension: Int, outcomes: UnsafeBufferPointer<Outcome>,
                steps: UnsafeBufferPointer<Int>, finalPoints: UnsafeBufferPointer<Double>) {
        self.first = first
        self.count = count
        self.dimension = dimension
        self.outcomes = outcomes
        self.steps = steps
        self.finalPoints = finalPoints
    }

    public var hasFinalPoints: Bool { finalPoints.count == count * dimension && count > 0 }
}

/// Receives a run's records in index order, one batch at a time and from one
/// thread at a time. A thrown error stops the run and is rethrown by it.
public protocol RecordSink: AnyObject {
    func accept(_ batch: RecordBatch) throws
}

/// Asks a running ensemble to stop at the next trajectory boundary (SIGINT).
public final class StopFlag: Sendable {
    let flag = Atomic<Bool>(false)
    public init() {}
    /// Workers finish the trajectory they are running and start no other.
    public func request() { flag.store(true, ordering: .relaxed) }
    @inlinable public var isRequested: Bool { _isRequested() }
    @usableFromInline func _isRequested() -> Bool { flag.load(ordering: .relaxed) }
}

/// How a streamed run ended.
public struct StreamResult: Sendable {
    /// The run-wide indices whose records reached the sink (a prefix of the
    /// planned ones; all of them unless stopped).
    public let completed: Range<Int>
    /// True when a stop request cut the run short.
    public let interrupted: Bool
    public let elapsedSeconds: Double
    public let threads: Int

    @inlinable
    public init(completed: Range<Int>, interrupted: Bool, elapsedSeconds: Double, threads: Int) {
        self.completed = completed
        self.interrupted = interrupted
        self.elapsedSeconds = elapsedSeconds
        self.threads = threads
    }
}

/// Keeps the records in memory (``Problem/run(_:)``'s sink).
public final class RecordCollector: RecordSink {
    public private(set) var outcomes: [Outcome] = []
    public private(set) var steps: [Int] = []
    public private(set) var finalPoints: [Double] = []

    public init() {}

    public func accept(_ batch: RecordBatch) {
        outcomes += batch.outcomes
        steps += batch.steps
        finalPoints += batch.finalPoints
    }

    /// The records of a finished stream over a run of `trajectories` of dimension `d`.
    public func records(_ r: StreamResult, dimension d: Int, trajectories: Int) -> EnsembleRecords {
        EnsembleRecords(dimension: d, trajectories: trajectories, indices: r.completed, outcomes: outcomes, steps: steps,
                        finalPoints: finalPoints, elapsedSeconds: r.elapsedSeconds, threads: r.threads)
    }

    /// The records collected, covering `indices`, without timing.
    public func records(_ indices: Range<Int>, dimension d: Int, trajectories: Int) -> EnsembleRecords {
        EnsembleRecords(dimension: d, trajectories: trajectories, indices: indices, outcomes: outcomes, steps: steps,
                        finalPoints: finalPoints, elapsedSeconds: 0, threads: 1)
    }
}

/// The chunk window between the workers and the sink.
@usableFromInline
final class OrderedCollector: @unchecked Sendable {
    let chunk: Int
    let chunkCount: Int
    let window: Int
    let dimension: Int
    let keep: Bool
    let first: Int
    let total: Int
    let sink: any RecordSink
    let stop: StopFlag
    let outcomes: UnsafeMutableBufferPointer<Outcome>
    let steps: UnsafeMutableBufferPointer<Int>
    let finals: UnsafeMutableBufferPointer<Double>
    /// Per slot: trajectories finished in it, or -1 while its chunk runs.
    var finished: [Int]
    var nextChunk = 0
    var drainedChunks = 0
    @usableFromInline var drainedRecords = 0
    var stalled = false
    @usableFromInline var error: (any Error)?
    let condition = NSCondition()

    /// `total` records from run-wide index `first`, in chunks of `chunk`.
    @usableFromInline
    init(first: Int, total: Int, chunk: Int, workers: Int, dimension: Int, keep: Bool, sink: any RecordSink, stop: StopFlag) {
        self.first = first
        self.total = total
        self.chunk = chunk
        self.dimension = dimension
        self.keep = keep
        self.sink = sink
        self.stop = stop
        chunkCount = (total + chunk - 1) / chunk
        // At most 32 MB of pending records, and at least 4 chunks per worker.
        let bytesPerChunk = chunk * (MemoryLayout<Outcome>.stride + 8 + (keep ? 8 * dimension : 0))
        window = max(1, min(chunkCount, max(4 * workers, min(1024, (32 << 20) / bytesPerChunk))))
        outcomes = .allocate(capacity: window * chunk)
        outcomes.initialize(repeating: .censored)
        steps = .allocate(capacity: window * chunk)
        steps.initialize(repeating: 0)
        finals = .allocate(capacity: keep ? window * chunk * dimension : 1)
        finals.initialize(repeating: 0)
        finished = Array(repeating: -1, count: window)
    }

    deinit {
        outcomes.deallocate()
        steps.deallocate()
        finals.deallocate()
    }

    /// The next chunk to run, waiting while the window is full; nil when
    /// every chunk is handed out, a stop was requested, or the sink failed.
    @usableFromInline
    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stop.isRequested || error != nil || stalled || nextChunk >= chunkCount { return nil }
            if nextChunk < drainedChunks + window {
                defer { nextChunk += 1 }
                return nextChunk
            }
            condition.wait()
        }
    }

    /// Run-wide index range of chunk `c`.
    @usableFromInline
    func indices(of c: Int) -> Range<Int> {
        (first + c * chunk)..<(first + min(total, (c + 1) * chunk))
    }

    /// Where chunk `c`'s k-th record goes (the slot is the worker's until `complete`).
    @usableFromInline
    func slot(_ c: Int) -> (outcomes: UnsafeMutablePointer<Outcome>, steps: UnsafeMutablePointer<Int>, finals: UnsafeMutablePointer<Double>) {
        let s = c % window
        return (outcomes.baseAddress! + s * chunk, steps.baseAddress! + s * chunk,
                keep ? finals.baseAddress! + s * chunk * dimension : finals.baseAddress!)
    }

    /// Chunk `c` ran `count` trajectories (fewer than its size when stopped):
    /// hands every contiguous finished chunk to the sink.
    @usableFromInline
    func complete(_ c: Int, count: Int) {
        condition.lock()
        defer { condition.unlock() }
        finished[c % window] = count
        while !stalled, error == nil, drainedChunks < nextChunk, finished[drainedChunks % window] >= 0 {
            let d = drainedChunks
            let s = d % window
            let n = finished[s]
            let size = indices(of: d).count
            if n > 0 {
                let batch = RecordBatch(first: first + d * chunk, count: n, dimension: dimension,
                                        outcomes: UnsafeBufferPointer(start: outcomes.baseAddress! + s * chunk, count: n),
                                        steps: UnsafeBufferPointer(start: steps.baseAddress! + s * chunk, count: n),
                                        finalPoints: keep ? UnsafeBufferPointer(start: finals.baseAddress! + s * chunk * dimension,
                                                                                count: n * dimension) : UnsafeBufferPointer(start: nil, count: 0))
                do { try sink.accept(batch) } catch { self.error = error }
                drainedRecords += n
            }
            finished[s] = -1
            drainedChunks += 1
            // A chunk cut short by a stop ends the prefix: nothing after it is handed on.
            if n < size { stalled = true }
        }
        condition.broadcast()
    }
}
