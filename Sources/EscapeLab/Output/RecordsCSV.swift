// `--records`: one CSV row per trajectory, `trajectory,outcome,steps,x0,...`
// (final point; nan/inf spelled so), written as the records stream out of the
// engine in index order, so a run of 10^8 trajectories needs no memory for it.

/// The records CSV: header and rows.
public enum RecordsCSV {
    /// `trajectory,outcome,steps,x0,...`.
    public static func header(dimension: Int) -> String {
        "trajectory,outcome,steps" + (0..<dimension).map { ",x\($0)" }.joined() + "\n"
    }

    /// Appends the rows of `batch` to `out`.
    public static func append(_ batch: RecordBatch, to out: inout String) {
        for k in 0..<batch.count {
            out += "\(batch.first + k),\(batch.outcomes[k].name),\(batch.steps[k])"
            if batch.hasFinalPoints {
                for i in 0..<batch.dimension {
                    let x = batch.finalPoints[k * batch.dimension + i]
                    out += ",\(x.isNaN ? "nan" : "\(x)")"   // not -nan
                }
            }
            out += "\n"
        }
    }

    /// The whole CSV of records kept in memory.
    public static func csv(_ r: EnsembleRecords) -> String {
        var out = header(dimension: r.dimension)
        r.withBatch { append($0, to: &out) }
        return out
    }
}
