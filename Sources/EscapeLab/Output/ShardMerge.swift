import Foundation

/// Rebuilds a single run from its shards' `--output` JSON files.
///
/// Every shard must carry the same configuration and shard count, each shard
/// index must appear exactly once, and each shard's records must have the
/// shape its range implies. The merged records are the concatenation in
/// shard order, so the merged summary equals the single run's (all but the
/// timing fields) bit for bit.
public enum ShardMerge {
    /// Merges shard documents given as (file name, text).
    public static func merge(_ files: [(name: String, text: String)], registry: Registry = .builtIn) throws -> RunReport {
        guard !files.isEmpty else {
            throw SpecError.conflict("merge needs one or more shard files")
        }
        var shards: [(index: Int, records: EnsembleRecords)] = []
        var reference: (config: JSONValue, count: Int, file: String)?
        var problem: Problem?
        var plan: ExecutionPlan?
        for (name, text) in files {
            func bad(_ reason: String) -> SpecError { .badData(file: name, reason: reason) }
            let doc: JSONValue
            do { doc = try JSONParser.parse(text) } catch { throw bad("not valid JSON (\(error))") }
            guard doc["version"]?.stringValue == escapeLabVersion else {
                throw bad("version is not \(escapeLabVersion) (written by another EscapeLab?)")
            }
            guard let config = doc["config"], let shard = doc["shard"],
                  let index = shard["index"]?.intValue, let count = shard["count"]?.intValue,
                  let records = doc["records"] else {
                throw bad("no shard and records: write shards with `escapelab run --shard I/N --output FILE.json`")
            }
            if let ref = reference {
                guard config == ref.config else { throw bad("its config differs from that of '\(ref.file)'") }
                guard count == ref.count else { throw bad("shard count \(count) differs from \(ref.count) in '\(ref.file)'") }
            } else {
                reference = (config, count, name)
                let p = try problemFrom(config, file: name, registry: registry)
                problem = p
                guard let n = config["trajectories"]?.intValue, n >= 1,
                      let seed = config["seed"]?.intValue, seed >= 0,
                      let rng = config["rng"]?.stringValue else {
                    throw bad("config lacks trajectories, seed or rng")
                }
                plan = ExecutionPlan(trajectories: n, seed: UInt64(seed), threads: 1, shard: .whole, generator: rng)
            }
            guard count >= 1, index >= 0, index < count else { throw bad("shard \(index)/\(count) is out of range") }
            guard !shards.contains(where: { $0.index == index }) else { throw bad("shard \(index)/\(count) appears twice") }
            let range = Shard(index: index, count: count).range(of: plan!.trajectories)
            let r = try ShardRecords.decode(records, file: name, trajectories: plan!.trajectories, range: range,
                                            dimension: problem!.dimension, maxSteps: problem!.maxSteps,
                                            elapsed: doc["elapsed_seconds"]?.doubleValue ?? 0,
                                            threads: doc["threads"]?.intValue ?? 1)
            shards.append((index, r))
        }
        let count = reference!.count
        let missing = (0..<count).filter { i in !shards.contains(where: { $0.index == i }) }
        guard missing.isEmpty else {
            throw SpecError.badData(file: files.map(\.name).joined(separator: " "),
                                    reason: "shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing")
        }
        let ordered = shards.sorted { $0.index < $1.index }.map(\.records)
        guard let merged = EnsembleRecords.concatenate(ordered) else {
            throw SpecError.badData(file: files.map(\.name).joined(separator: " "), reason: "shards do not fit together")
        }
        return RunReport(problem: problem!, plan: plan!, records: merged)
    }

    /// The problem a summary's `config` describes (every spec is canonical).
    static func problemFrom(_ c: JSONValue, file: String, registry: Registry) throws -> Problem {
        func bad(_ reason: String) -> SpecError { .badData(file: file, reason: reason) }
        guard let l = c["landscape"]?.stringValue, let o = c["optimizer"]?.stringValue, let lr = c["lr"]?.doubleValue,
              let n = c["noise"]?.stringValue, let s = c["start"]?.arrayValue, let e = c["escape"]?.stringValue,
              let m = c["max_steps"]?.intValue else {
            throw bad("config lacks landscape, optimizer, lr, noise, start, escape or max_steps")
        }
        do {
            return try Problem(parsingLandscape: l, optimizer: o, learningRate: lr, noise: n, start: {
                try s.map { v -> Double in
                    guard let d = v.doubleValue else { throw bad("config.start holds a non-number") }
                    return d
                }
            }, escape: e, maxSteps: m, registry: registry)
        } catch let error as SpecError {
            if case .badData = error { throw error }
            throw bad("config does not describe a valid run (\(error))")
        }
    }
}
