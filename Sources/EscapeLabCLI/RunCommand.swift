import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab run`: an ensemble of trajectories and its escape statistics.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run trajectories and report escape statistics.",
        discussion: "Writes the summary to stdout (--format), the summary JSON to --output and one row per trajectory to --records, each atomically.")

    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var splitting: SplittingOptions

    @Option(help: "Write the summary JSON here (with --shard it also carries the shard's records for `merge`).")
    var output: String?

    @Option(help: "Write one CSV row per trajectory here: trajectory,outcome,steps,x0,...")
    var records: String?

    @Option(help: "What goes to stdout.")
    var format = OutputFormat.table

    func run() throws {
        let problem = try problemOptions.problem()
        if splitting.method == .ams {
            return try splitting.run(problem, execution: execution, output: output, records: records, format: format)
        }
        let sharded = execution.shard != nil
        let plan = try execution.plan(keepFinalPoints: records != nil || (sharded && output != nil))
        if let output { try AtomicFile.checkWritable(output, flag: "--output") }
        if let records { try AtomicFile.checkWritable(records, flag: "--records") }
        try AtomicFile.checkDistinct([("--output", output), ("--records", records)].compactMap { f, p in p.map { (f, $0) } })
        let result = try problem.run(plan)
        let report = RunReport(problem: problem, plan: plan, records: result)
        var files: [(String, String)] = []
        if let output { files.append((output, report.json(embedRecords: sharded).rendered() + "\n")) }
        if let records { files.append((records, report.recordsCSV)) }
        try AtomicFile.write(files)
        report.print(format: format)
    }
}

extension RunReport {
    /// The summary on stdout as `table`, `csv`, `json` (or nothing for `none`).
    func print(format: OutputFormat) {
        switch format {
        case .csv: Swift.print(csv, terminator: "")
        case .json: Swift.print(json().rendered())
        case .none: break
        case .table: Swift.print(table, terminator: "")
        }
    }
}
