import Foundation

/// Rebuilds a single run from its shards' files (`run --shard I/N --output`).
///
/// Every shard must carry the same configuration and shard count, each shard
/// index must appear exactly once, and each file must pass its checksum and
/// reproduce its own statistics. The merged statistics are the exact sum of
/// the shards' (``EscapeStatistics``), so the merged summary equals the single
/// run's bit for bit (timing aside: `elapsed_seconds` is the sum of the
/// shards' times, `threads` the largest shard's). Records are streamed shard
/// by shard: memory is O(shards + distinct step values).
public enum ShardMerge {
    /// Merges the shard files at `paths` (any order); with `records`, streams
    /// every record to it in index order.
    public static func merge(paths: [String], registry: Registry = .builtIn, records: (any RecordSink)? = nil) throws -> RunReport {
        guard !paths.isEmpty else { throw SpecError.conflict("merge needs one or more shard files") }
        var headers: [ShardFile.Header] = []
        var problem: Problem?
        var plan: ExecutionPlan?
        var reference: (config: String, file: String)?
        for path in paths {
            let (h, handle) = try ShardFile.header(path)
            try? handle.close()
            func bad(_ reason: String) -> SpecError { .badData(file: path, reason: reason) }
            let described = try problemFromHeader(h, registry: registry)
            let p = described.problem, n = described.plan.trajectories
            let canonical = described.config.compact
            if let ref = reference {
                guard canonical == ref.config else { throw bad("its config differs from that of '\(ref.file)'") }
                guard h.shard.count == plan!.shard.count else {
                    throw bad("shard count \(h.shard.count) differs from \(plan!.shard.count) in '\(ref.file)'")
                }
            } else {
                reference = (canonical, path)
                problem = p
                plan = described.plan
            }
            guard h.range == h.shard.range(of: n) else {
                throw bad("its range \(h.range) is not shard \(h.shard.spec)'s \(h.shard.range(of: n))")
            }
            guard h.isComplete else {
                throw bad("a checkpoint of an unfinished run (\(h.count) of \(h.range.count) trajectories): finish it with `run --resume`")
            }
            guard h.dimension == p.dimension else { throw bad("records.dimension \(h.dimension) is not the landscape's \(p.dimension)") }
            if records != nil, !h.finalPoints { throw bad("it carries no final points, which --records needs") }
            guard !headers.contains(where: { $0.shard.index == h.shard.index }) else {
                throw bad("shard \(h.shard.spec) appears twice")
            }
            headers.append(h)
        }
        let count = plan!.shard.count
        let missing = (0..<count).filter { i in !headers.contains(where: { $0.shard.index == i }) }
        guard missing.isEmpty else {
            throw SpecError.badData(file: paths.joined(separator: " "),
                                    reason: "shard\(missing.count > 1 ? "s" : "") \(missing.prefix(20).map { "\($0)/\(count)" }.joined(separator: ", "))\(missing.count > 20 ? ", ..." : "") missing")
        }
        headers.sort { $0.shard.index < $1.shard.index }
        var statistics = EscapeStatistics()
        var elapsed = 0.0, threads = 1
        for h in headers {
            // Reopened here: every record is checked (checksum and statistics)
            // whether or not it is written out.
            let (again, handle) = try ShardFile.header(h.file)
            try ShardFile.readRecords(again, from: handle, into: records)
            statistics.merge(h.statistics)
            elapsed += h.elapsedSeconds
            threads = max(threads, h.threads)
        }
        var whole = plan!
        whole.shard = .whole
        return RunReport(problem: problem!, plan: whole, statistics: statistics, elapsedSeconds: elapsed, threads: threads,
                         completed: 0..<whole.trajectories)
    }

    /// The problem and plan a shard or checkpoint header describes.
    public static func problemFromHeader(_ h: ShardFile.Header, registry: Registry) throws -> RunReport {
        let p = try problemFrom(h.config, file: h.file, registry: registry)
        guard let n = h.config["trajectories"] as? Int, n >= 1, let seed = h.config["seed"] as? Int, seed >= 0,
              let rng = h.config["rng"] as? String else {
            throw SpecError.badData(file: h.file, reason: "config lacks trajectories, seed or rng")
        }
        let plan = ExecutionPlan(trajectories: n, seed: UInt64(seed), threads: 1, shard: h.shard, generator: rng)
        return RunReport(problem: p, plan: plan, statistics: h.statistics, elapsedSeconds: h.elapsedSeconds, threads: h.threads,
                         completed: h.range.lowerBound..<(h.range.lowerBound + h.count))
    }

    /// The problem a summary's `config` describes (every spec is canonical).
    static func problemFrom(_ c: [String: Any], file: String, registry: Registry) throws -> Problem {
        func bad(_ reason: String) -> SpecError { .badData(file: file, reason: reason) }
        guard let l = c["landscape"] as? String, let o = c["optimizer"] as? String, let lr = c["lr"] as? Double,
              let n = c["noise"] as? String, let s = c["start"] as? [Any], let e = c["escape"] as? String,
              let m = c["max_steps"] as? Int else {
            throw bad("config lacks landscape, optimizer, lr, noise, start, escape or max_steps")
        }
        do {
            return try Problem(parsingLandscape: l, optimizer: o, learningRate: lr, noise: n, start: {
                try s.map { v -> Double in
                    if let d = v as? Double { return d }
                    if let t = v as? String, let d = Double(specText: t) { return d }
                    throw bad("config.start holds a non-number")
                }
            }, escape: e, maxSteps: m, registry: registry)
        } catch let error as SpecError {
            if case .badData = error { throw error }
            throw bad("config does not describe a valid run (\(error))")
        }
    }
}

/// Writes records to a CSV output as they arrive (`--records`).
public final class RecordsCSVSink: RecordSink {
    let output: OutputFile
    private var text = ""

    /// Starts the CSV with its header.
    public init(_ output: OutputFile, dimension: Int) throws {
        self.output = output
        try output.write(RecordsCSV.header(dimension: dimension))
    }

    public func accept(_ batch: RecordBatch) throws {
        text.removeAll(keepingCapacity: true)
        RecordsCSV.append(batch, to: &text)
        try output.write(text)
    }
}

/// Hands each batch to several sinks in turn.
public final class SinkChain: RecordSink {
    let sinks: [any RecordSink]
    public init(_ sinks: [any RecordSink]) { self.sinks = sinks }
    public func accept(_ batch: RecordBatch) throws {
        for s in sinks { try s.accept(batch) }
    }
}

/// Accumulates the exact statistics of the records it sees.
public final class StatisticsSink: RecordSink {
    public private(set) var statistics = EscapeStatistics()
    public init(_ initial: EscapeStatistics = EscapeStatistics()) { statistics = initial }
    public func accept(_ batch: RecordBatch) {
        for k in 0..<batch.count { statistics.add(batch.outcomes[k], steps: batch.steps[k]) }
    }
}
