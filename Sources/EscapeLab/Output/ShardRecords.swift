/// How records travel: as CSV (`--records`) and embedded in a shard's JSON
/// (`"records": {"first_index", "outcomes", "steps", "final_points"}` with
/// outcomes as one letter per trajectory, e = escaped, c = censored,
/// d = diverged, and final points flattened row by row).
public enum ShardRecords {
    /// Records as the JSON object embedded in a shard summary.
    public static func encode(_ r: EnsembleRecords) -> JSONValue {
        .object([
            ("first_index", .int(r.indices.lowerBound)),
            ("dimension", .int(r.dimension)),
            ("outcomes", .string(String(r.outcomes.map(\.letter)))),
            ("steps", .array(r.steps.map { .int($0) })),
            ("final_points", .array(r.finalPoints.map { JSONValue.number($0) })),
        ])
    }

    /// Reads records back, checking them against the shard's expected shape.
    public static func decode(_ v: JSONValue, file: String, trajectories: Int, range: Range<Int>,
                              dimension: Int, maxSteps: Int, elapsed: Double, threads: Int) throws -> EnsembleRecords {
        func bad(_ reason: String) -> SpecError { .badData(file: file, reason: reason) }
        guard let first = v["first_index"]?.intValue, first == range.lowerBound else {
            throw bad("records.first_index does not match the shard's range \(range.lowerBound)..<\(range.upperBound)")
        }
        guard v["dimension"]?.intValue == dimension else { throw bad("records.dimension is not \(dimension)") }
        guard let letters = v["outcomes"]?.stringValue, letters.count == range.count else {
            throw bad("records.outcomes must hold \(range.count) letters (e, c, d)")
        }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(range.count)
        for ch in letters {
            guard let o = Outcome(letter: ch) else { throw bad("records.outcomes has '\(ch)'; expected e, c or d") }
            outcomes.append(o)
        }
        guard let stepItems = v["steps"]?.arrayValue, stepItems.count == range.count else {
            throw bad("records.steps must hold \(range.count) integers")
        }
        var steps: [Int] = []
        steps.reserveCapacity(range.count)
        for (k, item) in stepItems.enumerated() {
            guard let s = item.intValue, s >= 0, s <= maxSteps else {
                throw bad("records.steps[\(k)] is not an integer in 0...\(maxSteps)")
            }
            if outcomes[k] == .censored, s != maxSteps { throw bad("records.steps[\(k)] of a censored run is not max_steps") }
            steps.append(s)
        }
        guard let pts = v["final_points"]?.arrayValue, pts.isEmpty || pts.count == range.count * dimension else {
            throw bad("records.final_points must hold \(range.count) x \(dimension) numbers")
        }
        var finals: [Double] = []
        finals.reserveCapacity(pts.count)
        for p in pts {
            guard let d = p.doubleValue else { throw bad("records.final_points holds a non-number") }
            finals.append(d)
        }
        return EnsembleRecords(dimension: dimension, trajectories: trajectories, indices: range, outcomes: outcomes,
                               steps: steps, finalPoints: finals, elapsedSeconds: elapsed, threads: threads)
    }

    /// Records as CSV: `trajectory,outcome,steps,x0,...` (final point; nan/inf as such).
    public static func csv(_ r: EnsembleRecords) -> String {
        var out = "trajectory,outcome,steps" + (0..<r.dimension).map { ",x\($0)" }.joined() + "\n"
        out.reserveCapacity(r.count * (24 + 24 * r.dimension))
        for k in 0..<r.count {
            out += "\(r.indices.lowerBound + k),\(r.outcomes[k].name),\(r.steps[k])"
            if r.hasFinalPoints {
                for x in r.finalPoint(k) { out += ",\(x.isNaN ? "nan" : "\(x)")" }   // not -nan
            }
            out += "\n"
        }
        return out
    }
}
