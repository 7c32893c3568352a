import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab merge`: shards back into the single-run summary and records.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard files of a run into the single-run summary and records.",
        discussion: "Reads one shard at a time (memory: shards + distinct step values). The merged summary is the single run's bit for bit, but for timing: elapsed_seconds is the sum of the shards' (compute time), steps_per_second total_steps over that sum, threads the largest shard's.")

    @Argument(help: "The shard files (from `run --shard I/N --output FILE`), in any order.")
    var shards: [String]

    @Option(help: "Write the merged summary JSON here.")
    var output: String

    @Option(help: "Write the merged records CSV here.")
    var records: String?

    @Option(help: "What goes to stdout.")
    var format = OutputFormat.table

    func run() throws {
        try OutputFile.checkDistinct([("--output", output)] + (records.map { [("--records", $0)] } ?? [])
                                     + shards.map { ("input", $0) })
        let outputFile = try OutputFile(output)
        let recordsFile = try records.map { try OutputFile($0) }
        var sink: (any RecordSink)?
        if let recordsFile {
            // The dimension comes from the first shard's header.
            let (h, handle) = try ShardFile.header(shards[0])
            try? handle.close()
            sink = try RecordsCSVSink(recordsFile, dimension: h.dimension)
        }
        let report = try ShardMerge.merge(paths: shards, registry: EscapeLabCLI.registry, records: sink)
        try outputFile.write(report.json().rendered() + "\n")
        try OutputFile.commit([outputFile] + (recordsFile.map { [$0] } ?? []))
        report.print(format: format)
    }
}
