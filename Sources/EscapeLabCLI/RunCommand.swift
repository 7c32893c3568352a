import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab run`: an ensemble of trajectories and its escape statistics.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run trajectories and report escape statistics.",
        discussion: """
        Writes the summary to stdout (--format), the summary JSON to --output and one row per trajectory to \
        --records, each atomically; with --shard, --output is the shard file `merge` reads. --checkpoint FILE \
        saves the finished trajectories every --checkpoint-every seconds and on SIGINT/SIGTERM (which stop \
        the run at the next trajectory boundary, print the partial summary and exit 130/143); --resume FILE \
        runs only the missing trajectories, with the same flags, and gives the uninterrupted run's records \
        and summary.
        """)

    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var execution: ExecutionOptions

    @Option(help: "Write the summary JSON here (with --shard: the shard file, summary and records, for `merge`).")
    var output: String?

    @Option(help: "Write one CSV row per trajectory here: trajectory,outcome,steps,x0,...")
    var records: String?

    @Option(help: "What goes to stdout.")
    var format = OutputFormat.table

    @Option(help: "Save the finished trajectories here, every --checkpoint-every seconds, at the end, and on SIGINT/SIGTERM.")
    var checkpoint: String?

    @Option(name: .customLong("checkpoint-every"), parsing: .unconditional, help: "Seconds between checkpoints.")
    var checkpointEvery = 60.0

    @Option(help: "Continue the run a checkpoint file holds (same flags); it is also where the next checkpoints go unless --checkpoint says otherwise.")
    var resume: String?

    func run() throws {
        guard checkpointEvery.isFinite, checkpointEvery > 0 else {
            throw ValidationError("--checkpoint-every must be a number of seconds > 0, not \(checkpointEvery)")
        }
        let problem = try problemOptions.problem()
        let sharded = execution.shard != nil
        let checkpointPath = checkpoint ?? resume
        var plan = try execution.plan(keepFinalPoints: records != nil || (sharded && output != nil) || checkpointPath != nil)
        try OutputFile.checkDistinct([("--output", output), ("--records", records), ("--checkpoint", checkpointPath)]
            .compactMap { f, p in p.map { (f, $0) } })
        let range = plan.shard.range(of: plan.trajectories)

        // A checkpoint to continue: it must describe this very run.
        var previous: (header: ShardFile.Header, handle: FileHandle)?
        if let resume {
            let (h, handle) = try ShardFile.header(resume)
            let mine = RunReport(problem: problem, plan: plan, statistics: EscapeStatistics(), elapsedSeconds: 0, threads: 1,
                                 completed: 0..<0).config.compact
            let theirs = try ShardMerge.problemFromHeader(h, registry: EscapeLabCLI.registry).config.compact
            guard mine == theirs, h.shard == plan.shard, h.range == range else {
                throw SpecError.conflict("--resume '\(resume)' is a checkpoint of another run (\(theirs), shard \(h.shard.spec)); give the flags it was started with")
            }
            guard h.finalPoints else { throw SpecError.badData(file: resume, reason: "it carries no final points") }
            plan.alreadyCompleted = h.count
            previous = (h, handle)
        }

        let outputFile = try output.map { try OutputFile($0) }
        let recordsFile = try records.map { try OutputFile($0) }
        let clock = RunClock(previousSeconds: previous?.header.elapsedSeconds ?? 0, threads: max(1, min(plan.threads, range.count)))
        let statistics = StatisticsSink()
        var sinks: [any RecordSink] = [statistics]
        if let recordsFile { sinks.append(try RecordsCSVSink(recordsFile, dimension: problem.dimension)) }
        var recorder: ShardRecorder?
        if (sharded && output != nil) || checkpointPath != nil {
            let r = try ShardRecorder(beside: output ?? checkpointPath!, range: range, dimension: problem.dimension, finalPoints: true,
                                      checkpoint: checkpointPath.map { ($0, checkpointEvery) }) { stats, count in
                RunReport(problem: problem, plan: plan, statistics: stats, elapsedSeconds: clock.seconds, threads: clock.threads,
                          completed: range.lowerBound..<(range.lowerBound + count), interrupted: count < range.count)
            }
            recorder = r
            sinks.append(r)
        }
        let chain = SinkChain(sinks)
        if let previous { try ShardFile.readRecords(previous.header, from: previous.handle, into: chain) }

        let interruption = Interruption()
        clock.start()
        let result = try problem.stream(plan, into: chain, stop: interruption.stop)
        clock.stop(threads: result.threads)
        let completed = range.lowerBound..<(range.lowerBound + plan.alreadyCompleted + result.completed.count)
        let report = RunReport(problem: problem, plan: plan, statistics: statistics.statistics, elapsedSeconds: clock.seconds,
                               threads: clock.threads, completed: completed, interrupted: result.interrupted)
        if result.interrupted {
            try recorder?.saveCheckpoint()
            OutputFile.removeTemporaries()
            report.print(format: format)
            let sig = interruption.signal ?? SIGINT
            let saved = checkpointPath.map { "saved to '\($0)' (continue with --resume \($0))" } ?? "not saved (run with --checkpoint FILE to keep partial work)"
            FileHandle.standardError.write(Data("escapelab: interrupted by \(sig == SIGTERM ? "SIGTERM" : "SIGINT") after \(completed.count) of \(range.count) trajectories; \(saved)\n".utf8))
            Foundation.exit(128 + sig)
        }
        if let outputFile {
            if sharded, let recorder { try recorder.write(to: outputFile) } else { try outputFile.write(report.json().rendered() + "\n") }
        }
        try OutputFile.commit([outputFile, recordsFile].compactMap { $0 })
        try recorder?.saveCheckpoint()
        interruption.end()
        report.print(format: format)
    }
}

/// The run's elapsed time (plus a resumed checkpoint's) and thread count, as
/// the checkpoints written during the run report them.
final class RunClock: @unchecked Sendable {
    let previousSeconds: Double
    private var started: ContinuousClock.Instant?
    private var finishedSeconds: Double?
    private(set) var threads: Int

    init(previousSeconds: Double, threads: Int) {
        self.previousSeconds = previousSeconds
        self.threads = threads
    }

    func start() { started = .now }

    func stop(threads: Int) {
        finishedSeconds = seconds
        self.threads = max(self.threads, threads)
    }

    var seconds: Double {
        if let finishedSeconds { return finishedSeconds }
        guard let started else { return previousSeconds }
        let d = ContinuousClock.now - started
        return previousSeconds + Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
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
