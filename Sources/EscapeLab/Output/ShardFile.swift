import Foundation

// The shard file (`run --shard I/N --output FILE`) and the checkpoint file
// (`run --checkpoint FILE`), format 2:
//
//   line 1   the summary JSON on one line, plus "format", "format_version",
//            "shard", "range", "statistics" (exact, EscapeStatistics) and
//            "records" {count, dimension, final_points, bytes, crc64}
//   then     `bytes` bytes of records, in index order, each
//            varint(steps * 4 + outcome code) followed, with final points,
//            by `dimension` little-endian IEEE doubles
//
// 9-12 bytes per 1-D trajectory instead of format 1's 26. `crc64` (CRC-64/XZ)
// covers every byte of the file, with its own 16 digits read as zeros. The
// header is read with Foundation's JSONSerialization (which limits nesting);
// the records are read in one streaming pass, so `merge` holds
// O(shards + distinct step values) in memory, never O(trajectories).

/// Reading and writing shard and checkpoint files (format 2).
public enum ShardFile {
    public static let formatName = "escapelab-shard"
    public static let formatVersion = 2
    static let placeholder = String(repeating: "0", count: 16)
    /// Header lines longer than this are refused (statistics of 10^6 distinct steps fit).
    public static let maximumHeaderBytes = 256 << 20

    // MARK: - Writing

    /// Encodes record batches into the binary form, for a temporary data file.
    public final class RecordEncoder: RecordSink {
        let output: OutputFile
        public private(set) var statistics = EscapeStatistics()
        public private(set) var count = 0
        public private(set) var bytes = 0
        let keepPoints: Bool
        private var scratch: [UInt8] = []

        /// Appends encoded records to `output`; `keepPoints` whether final points are part of them.
        public init(_ output: OutputFile, keepPoints: Bool) {
            self.output = output
            self.keepPoints = keepPoints
        }

        public func accept(_ batch: RecordBatch) throws {
            scratch.removeAll(keepingCapacity: true)
            for k in 0..<batch.count {
                statistics.add(batch.outcomes[k], steps: batch.steps[k])
                var v = UInt64(batch.steps[k]) << 2 | UInt64(batch.outcomes[k].rawValue)
                while v >= 0x80 { scratch.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
                scratch.append(UInt8(v))
                if keepPoints {
                    for i in 0..<batch.dimension {
                        withUnsafeBytes(of: batch.finalPoints[k * batch.dimension + i].bitPattern.littleEndian) {
                            scratch.append(contentsOf: $0)
                        }
                    }
                }
            }
            count += batch.count
            bytes += scratch.count
            try output.write(scratch)
        }
    }

    /// Writes the file: the header line (with its checksum) and the records
    /// copied from `dataPath` (what a ``RecordEncoder`` wrote).
    public static func write(to file: OutputFile, report: RunReport, range: Range<Int>, statistics: EscapeStatistics,
                             dimension: Int, finalPoints: Bool, dataPath: String, dataBytes: Int) throws {
        var fields: [(String, JSONValue)] = [("format", .string(formatName)), ("format_version", .int(formatVersion))]
        guard case let .object(summary) = report.json() else { preconditionFailure("a summary is an object") }
        fields += summary
        fields.append(("shard", .object([("index", .int(report.plan.shard.index)), ("count", .int(report.plan.shard.count))])))
        fields.append(("range", .array([.int(range.lowerBound), .int(range.upperBound)])))
        fields.append(("statistics", json(statistics)))
        fields.append(("records", .object([
            ("count", .int(report.completed.count)), ("dimension", .int(dimension)), ("final_points", .bool(finalPoints)),
            ("bytes", .int(dataBytes)), ("crc64", .string(placeholder)),
        ])))
        let header = JSONValue.object(fields).compact + "\n"
        // Two passes over the records: the checksum (which the header carries,
        // so it comes first), then the copy; memory stays one buffer.
        func eachChunk(_ body: (Data) throws -> Void) throws -> Int {
            guard let data = FileHandle(forReadingAtPath: dataPath) else {
                throw SpecError.io(path: file.path, reason: "cannot reopen its records (\(dataPath))")
            }
            defer { try? data.close() }
            var n = 0
            while true {
                let chunk = data.readData(ofLength: 1 << 20)
                if chunk.isEmpty { return n }
                n += chunk.count
                try body(chunk)
            }
        }
        var crc = CRC64()
        crc.update(header.utf8)
        let copied = try eachChunk { chunk in chunk.withUnsafeBytes { crc.update($0) } }
        guard copied == dataBytes else {
            throw SpecError.io(path: file.path, reason: "its records file holds \(copied) bytes, not \(dataBytes)")
        }
        try file.write(header.replacingOccurrences(of: "\"crc64\":\"\(placeholder)\"", with: "\"crc64\":\"\(crc.hex)\"").utf8)
        _ = try eachChunk { try file.write($0) }
    }

    /// Writes records kept in memory as the shard file of `report` at `path`.
    public static func write(_ records: EnsembleRecords, report: RunReport, to path: String) throws {
        let file = try OutputFile(path)
        let recorder = try ShardRecorder(beside: path, range: records.indices, dimension: records.dimension,
                                         finalPoints: records.hasFinalPoints, checkpoint: nil) { _, _ in report }
        try records.withBatch { try recorder.accept($0) }
        try recorder.write(to: file)
        try OutputFile.commit([file])
    }

    /// The statistics as JSON (sums as decimal strings: they may exceed 2^53).
    static func json(_ s: EscapeStatistics) -> JSONValue {
        func counts(_ m: [Int: Int]) -> JSONValue {
            .array(m.sorted { $0.key < $1.key }.map { .array([.int($0.key), .int($0.value)]) })
        }
        return .object([
            ("escaped", .int(s.escaped)), ("censored", .int(s.censored)), ("diverged", .int(s.diverged)),
            ("escape_step_sum", .string(s.escapeStepSum.description)),
            ("escape_step_square_sum", .string(s.escapeStepSquareSum.description)),
            ("total_steps", .string(s.totalSteps.description)),
            ("escape_counts", counts(s.escapeCounts)), ("censored_counts", counts(s.censoredCounts)),
            ("diverged_counts", counts(s.divergedCounts)),
        ])
    }

    // MARK: - Reading

    /// A shard or checkpoint file's header, checked for form.
    public struct Header {
        public let file: String
        public let config: [String: Any]
        public let shard: Shard
        public let range: Range<Int>
        public let count: Int
        public let dimension: Int
        public let finalPoints: Bool
        public let bytes: Int
        public let crc64: String
        public let statistics: EscapeStatistics
        public let elapsedSeconds: Double
        public let threads: Int
        /// The header line as written (the checksum covers it).
        let line: Data

        /// True when every trajectory of the range is done (a shard; a
        /// checkpoint of an unfinished run is not).
        public var isComplete: Bool { count == range.count }
    }

    /// Reads and checks the header of `path` (the records are not read).
    public static func header(_ path: String) throws -> (Header, FileHandle) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SpecError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        func bad(_ reason: String) -> SpecError { .badData(file: path, reason: reason) }
        var line = Data()
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            if let nl = chunk.firstIndex(of: 0x0A) {
                line.append(chunk[chunk.startIndex...nl])
                try handle.seek(toOffset: UInt64(line.count))
                break
            }
            line.append(chunk)
            if line.count > maximumHeaderBytes { throw bad("no shard header line within \(maximumHeaderBytes) bytes") }
        }
        if line.first == UInt8(ascii: "{"), line.count <= 2 {
            throw bad("shard format 1 (pretty-printed JSON, written by EscapeLab 0.1.0) is not read by \(escapeLabVersion), which reads format \(formatVersion): rerun the shard")
        }
        guard line.last == 0x0A else { throw bad("no shard header line (not an EscapeLab shard file)") }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: line.dropLast()) } catch {
            throw bad("the header is not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error))")
        }
        guard let doc = object as? [String: Any], doc["format"] as? String == formatName else {
            throw bad("not an EscapeLab shard file (no \"format\": \"\(formatName)\")")
        }
        guard let version = doc["format_version"] as? Int, version == formatVersion else {
            throw bad("shard format \(doc["format_version"] ?? "?") is not read by \(escapeLabVersion), which reads format \(formatVersion)")
        }
        guard let config = doc["config"] as? [String: Any], let shard = doc["shard"] as? [String: Any],
              let index = shard["index"] as? Int, let shards = shard["count"] as? Int, shards >= 1, index >= 0, index < shards,
              let range = doc["range"] as? [Int], range.count == 2, range[0] >= 0, range[0] <= range[1],
              let records = doc["records"] as? [String: Any], let count = records["count"] as? Int,
              let dimension = records["dimension"] as? Int, (1...maximumDimension).contains(dimension),
              let points = records["final_points"] as? Bool, let bytes = records["bytes"] as? Int, bytes >= 0,
              let crc = records["crc64"] as? String, crc.count == 16,
              let stats = doc["statistics"] as? [String: Any] else {
            throw bad("the header lacks config, shard, range, statistics or records")
        }
        guard count >= 0, count <= range[1] - range[0] else { throw bad("records.count \(count) exceeds its range") }
        let statistics = try decodeStatistics(stats, bad: bad)
        guard statistics.trajectories == count else {
            throw bad("statistics count \(statistics.trajectories) trajectories, records.count says \(count)")
        }
        let header = Header(file: path, config: config, shard: Shard(index: index, count: shards), range: range[0]..<range[1],
                            count: count, dimension: dimension, finalPoints: points, bytes: bytes, crc64: crc,
                            statistics: statistics, elapsedSeconds: doc["elapsed_seconds"] as? Double ?? 0,
                            threads: doc["threads"] as? Int ?? 1, line: line)
        return (header, handle)
    }

    static func decodeStatistics(_ s: [String: Any], bad: (String) -> SpecError) throws -> EscapeStatistics {
        func counts(_ key: String) throws -> [(Int, Int)] {
            guard let a = s[key] as? [[Int]], a.allSatisfy({ $0.count == 2 && $0[0] >= 0 && $0[1] > 0 }) else {
                throw bad("statistics.\(key) is not a list of [step, count] pairs")
            }
            return a.map { ($0[0], $0[1]) }
        }
        var out = EscapeStatistics()
        let outcomes: [(String, Outcome)] = [("escape_counts", .escaped), ("censored_counts", .censored), ("diverged_counts", .diverged)]
        var total = 0
        for (key, o) in outcomes {
            for (step, n) in try counts(key) {
                guard step <= EscapeStatistics.maximumSteps, n <= Int(UInt32.max) - total else { throw bad("statistics.\(key) is out of range") }
                total += n
                out.add(o, steps: step, count: n)
            }
        }
        guard s["escaped"] as? Int == out.escaped, s["censored"] as? Int == out.censored, s["diverged"] as? Int == out.diverged,
              s["escape_step_sum"] as? String == out.escapeStepSum.description,
              s["escape_step_square_sum"] as? String == out.escapeStepSquareSum.description,
              s["total_steps"] as? String == out.totalSteps.description else {
            throw bad("statistics sums do not match their counts")
        }
        return out
    }

    /// Streams the records after `header` to `sink` (when given) in batches,
    /// verifying the checksum, the byte count and that the records reproduce
    /// the header's statistics. Throws ``SpecError/badData(file:reason:)``.
    public static func readRecords(_ header: Header, from handle: FileHandle, into sink: (any RecordSink)?) throws {
        func bad(_ reason: String) -> SpecError { .badData(file: header.file, reason: reason) }
        defer { try? handle.close() }
        var crc = CRC64()
        var line = header.line
        let marker = Data("\"crc64\":\"\(header.crc64)\"".utf8)
        guard let r = line.range(of: marker) else { throw bad("the checksum field is malformed") }
        line.replaceSubrange(r, with: Data("\"crc64\":\"\(placeholder)\"".utf8))
        line.withUnsafeBytes { crc.update($0) }
        let d = header.dimension
        let batchSize = 4096
        var outcomes = [Outcome](repeating: .censored, count: batchSize)
        var steps = [Int](repeating: 0, count: batchSize)
        var points = [Double](repeating: 0, count: header.finalPoints ? batchSize * d : 0)
        var statistics = EscapeStatistics()
        var inBatch = 0, done = 0, read = 0
        var pending: [UInt8] = []
        var cursor = 0
        func flushBatch() throws {
            guard inBatch > 0 else { return }
            if let sink {
                try outcomes.withUnsafeBufferPointer { o in
                    try steps.withUnsafeBufferPointer { s in
                        try points.withUnsafeBufferPointer { p in
                            try sink.accept(RecordBatch(first: header.range.lowerBound + done - inBatch, count: inBatch, dimension: d,
                                                        outcomes: UnsafeBufferPointer(rebasing: o[0..<inBatch]),
                                                        steps: UnsafeBufferPointer(rebasing: s[0..<inBatch]),
                                                        finalPoints: header.finalPoints ? UnsafeBufferPointer(rebasing: p[0..<(inBatch * d)])
                                                            : UnsafeBufferPointer(start: nil, count: 0)))
                        }
                    }
                }
            }
            inBatch = 0
        }
        let recordBytesMax = 10 + (header.finalPoints ? 8 * d : 0)
        while true {
            if pending.count - cursor < recordBytesMax {
                pending.removeFirst(cursor)
                cursor = 0
                let chunk = handle.readData(ofLength: 1 << 20)
                if !chunk.isEmpty {
                    read += chunk.count
                    guard read <= header.bytes else { throw bad("more record bytes than the header's \(header.bytes)") }
                    chunk.withUnsafeBytes { crc.update($0) }
                    pending.append(contentsOf: chunk)
                    continue
                }
                if pending.isEmpty { break }
            }
            guard done < header.count else { throw bad("more records than the header's \(header.count)") }
            // varint(steps * 4 + outcome)
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard cursor < pending.count, shift < 63 else { throw bad("record \(done) is truncated or malformed") }
                let b = pending[cursor]
                cursor += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            guard let outcome = Outcome(rawValue: UInt8(v & 3)), v >> 2 <= UInt64(EscapeStatistics.maximumSteps) else {
                throw bad("record \(done) has an invalid outcome or step count")
            }
            outcomes[inBatch] = outcome
            steps[inBatch] = Int(v >> 2)
            if header.finalPoints {
                guard pending.count - cursor >= 8 * d else { throw bad("record \(done) is truncated") }
                for i in 0..<d {
                    var bits: UInt64 = 0
                    for j in 0..<8 { bits |= UInt64(pending[cursor + j]) << (8 * UInt64(j)) }
                    cursor += 8
                    points[inBatch * d + i] = Double(bitPattern: bits)
                }
            }
            statistics.add(outcome, steps: Int(v >> 2))
            inBatch += 1
            done += 1
            if inBatch == batchSize { try flushBatch() }
        }
        try flushBatch()
        guard read == header.bytes, done == header.count else {
            throw bad("holds \(done) records in \(read) bytes; its header says \(header.count) in \(header.bytes)")
        }
        guard crc.hex == header.crc64 else { throw bad("checksum mismatch (CRC-64 \(crc.hex), header \(header.crc64)): the file was altered or damaged") }
        guard statistics == header.statistics else { throw bad("its records do not reproduce its statistics") }
    }
}
