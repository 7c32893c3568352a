import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab merge`: shards back into the single-run summary and records.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the --output JSON of every shard of a run into the single-run summary and records.")

    @Argument(help: "The shards' JSON files (from `run --shard I/N --output FILE`), in any order.")
    var shards: [String]

    @Option(help: "Write the merged summary JSON here.")
    var output: String

    @Option(help: "Write the merged records CSV here.")
    var records: String?

    @Option(help: "What goes to stdout.")
    var format = OutputFormat.table

    func run() throws {
        try AtomicFile.checkWritable(output, flag: "--output")
        if let records { try AtomicFile.checkWritable(records, flag: "--records") }
        try AtomicFile.checkDistinct([("--output", output)] + (records.map { [("--records", $0)] } ?? []))
        var files: [(name: String, text: String)] = []
        for path in shards {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SpecError.unreadable(path: path, reason: "no such file or not readable")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw SpecError.badData(file: path, reason: "not UTF-8 text")
            }
            files.append((path, text))
        }
        let report = try ShardMerge.merge(files, registry: EscapeLabCLI.registry)
        if records != nil, !report.records.hasFinalPoints {
            throw SpecError.badData(file: shards[0], reason: "shards carry no final points for --records")
        }
        var out: [(String, String)] = [(output, report.json().rendered() + "\n")]
        if let records { out.append((records, report.recordsCSV)) }
        try AtomicFile.write(out)
        report.print(format: format)
    }
}
