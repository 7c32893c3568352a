import ArgumentParser
import EscapeLab
import Foundation

/// How `run` estimates the mean escape time.
enum RunMethod: String, ExpressibleByArgument, CaseIterable {
    /// Plain Monte Carlo: --trajectories independent trajectories.
    case direct
    /// Adaptive multilevel splitting, for escapes too rare to simulate.
    case ams
}

/// `run --method ams` and its options (the other flags of `run` keep their meaning;
/// --trajectories and --shard do not apply).
struct SplittingOptions: ParsableArguments {
    @Option(help: "direct: simulate --trajectories escapes; ams: adaptive multilevel splitting, for rare escapes (barrier/T >~ 8).")
    var method = RunMethod.direct

    @Option(parsing: .unconditional, help: "AMS: replicas N per repetition (>= 2; default 1000).")
    var replicas: Int?

    @Option(parsing: .unconditional, help: "AMS: independent repetitions R, run in parallel (>= 2; default 10); they give the SE.")
    var repetitions: Int?

    @Option(help: "AMS: reaction coordinate: progress (start -> saddle -> escape set, max over exits; default) | xI | loss | radius.")
    var coordinate: String?

    @Option(parsing: .unconditional, help: "AMS: basin level Z_A, A = {xi < Z_A} (xi: start 0, escape set 1; default: the pilot's median).")
    var basin: Double?

    @Option(parsing: .unconditional, help: "AMS: splitting level Z_Sigma (default: the pilot's 95% quantile of xi).")
    var level: Double?

    func validate() throws {
        if method == .direct {
            let given = [("--replicas", replicas != nil), ("--repetitions", repetitions != nil), ("--coordinate", coordinate != nil),
                         ("--basin", basin != nil), ("--level", level != nil)].filter(\.1).map(\.0)
            if !given.isEmpty { throw ValidationError("\(given.joined(separator: ", ")) need\(given.count == 1 ? "s" : "") --method ams") }
        }
    }

    /// The splitting plan for `problem` with the run's seed, threads and generator.
    func plan(_ problem: Problem, execution: ExecutionOptions) throws -> SplittingPlan {
        guard execution.shard == nil else { throw SpecError.conflict("--shard works with --method direct only") }
        guard execution.seed >= 0 else {
            throw SpecError.invalid(.seed, value: "\(execution.seed)", accepted: "an integer in 0...\(Int.max)")
        }
        if let threads = execution.threads, threads < 1 || threads > 4096 {
            throw SpecError.invalid(.threads, value: "\(threads)", accepted: "an integer in 1...4096")
        }
        let defaults = SplittingPlan()
        return SplittingPlan(
            replicas: replicas ?? defaults.replicas, repetitions: repetitions ?? defaults.repetitions,
            coordinate: try coordinate.map { try CoordinateSpec(parsing: $0, dimension: problem.dimension) } ?? .progress,
            basin: basin, level: level, seed: UInt64(execution.seed), threads: execution.threads ?? ProcessInfoCores.count,
            generator: execution.rng, progress: execution.quiet ? nil : ProgressBar.callbackIfTerminal())
    }

    /// Runs `problem` by splitting and writes the summary (stdout as `format`,
    /// `output`) and one row per repetition (`records`).
    func run(_ problem: Problem, execution: ExecutionOptions, output: String?, records: String?, format: OutputFormat) throws {
        let plan = try plan(problem, execution: execution)
        try OutputFile.checkDistinct([("--output", output), ("--records", records)].compactMap { f, p in p.map { (f, $0) } })
        // Opened before the run: an unwritable path fails now, not after it.
        let outputFile = try output.map { try OutputFile($0) }
        let recordsFile = try records.map { try OutputFile($0) }
        let report = SplittingReport(problem: problem, plan: plan, result: try problem.runSplitting(plan))
        try outputFile?.write(report.json().rendered() + "\n")
        try recordsFile?.write(report.recordsCSV)
        try OutputFile.commit([outputFile, recordsFile].compactMap { $0 })
        switch format {
        case .csv: print(report.csv, terminator: "")
        case .json: print(report.json().rendered())
        case .none: break
        case .table: print(report.table, terminator: "")
        }
    }
}
