import Foundation

// What `run` keeps of a shard's or checkpointed run's records while it runs:
// the records in their binary form in a scratch file beside the output
// (`.NAME.records.escapelab-PID.tmp`, removed at the end or on a signal), and
// their exact statistics. From it the shard file is written at the end, and
// the checkpoint every few seconds (atomically: a new file renamed over the
// old), so a SIGKILL loses at most one checkpoint interval.

/// Encodes a run's records as they arrive and writes them as a shard or checkpoint file.
public final class ShardRecorder: RecordSink {
    let data: OutputFile
    let encoder: ShardFile.RecordEncoder
    public let dimension: Int
    public let finalPoints: Bool
    let checkpoint: (path: String, interval: Double)?
    var lastCheckpoint = ContinuousClock.now
    /// Builds the report of the records so far (statistics, completed count).
    let report: (EscapeStatistics, Int) -> RunReport
    /// The run-wide index range the records belong to.
    public let range: Range<Int>

    /// - Parameters:
    ///   - beside: the output this recorder's scratch file sits next to.
    ///   - range: the run-wide trajectory indices the records belong to.
    ///   - dimension: the landscape's dimension (coordinates per final point).
    ///   - finalPoints: whether the records keep each trajectory's final point.
    ///   - checkpoint: where and how often (seconds) to save a checkpoint.
    ///   - report: the report for the records so far (their statistics and count).
    public init(beside: String, range: Range<Int>, dimension: Int, finalPoints: Bool,
                checkpoint: (path: String, interval: Double)?, report: @escaping (EscapeStatistics, Int) -> RunReport) throws {
        data = try OutputFile(beside + ".records")
        encoder = ShardFile.RecordEncoder(data, keepPoints: finalPoints)
        self.range = range
        self.dimension = dimension
        self.finalPoints = finalPoints
        self.checkpoint = checkpoint
        self.report = report
    }

    public var statistics: EscapeStatistics { encoder.statistics }
    public var count: Int { encoder.count }

    public func accept(_ batch: RecordBatch) throws {
        try encoder.accept(batch)
        if let checkpoint, ContinuousClock.now - lastCheckpoint >= .seconds(checkpoint.interval) {
            try saveCheckpoint()
        }
    }

    /// Writes the shard (or checkpoint) file of the records so far to `file`.
    public func write(to file: OutputFile) throws {
        try data.flush()
        try ShardFile.write(to: file, report: report(encoder.statistics, encoder.count), range: range,
                            statistics: encoder.statistics, dimension: dimension, finalPoints: finalPoints,
                            dataPath: data.writingPath, dataBytes: encoder.bytes)
    }

    /// Saves the checkpoint now (atomically replacing the previous one).
    public func saveCheckpoint() throws {
        guard let checkpoint else { return }
        let file = try OutputFile(checkpoint.path)
        try write(to: file)
        try OutputFile.commit([file])
        lastCheckpoint = ContinuousClock.now
    }
}
