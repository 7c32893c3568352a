import ArgumentParser
import EscapeLab
import Foundation

/// The options every study takes: size, seed, threads, quick mode, output folder.
public struct StudyOptions: ParsableArguments {
    @Option(help: "Trajectories per row (default: the study's own; --quick divides it).")
    public var trajectories: Int?

    @Option(help: "Master seed; row k of a study uses seed + k.")
    public var seed = 1

    @Option(help: "Worker threads (default: all cores).")
    public var threads: Int?

    @Flag(help: "A few-second version with fewer trajectories and rows (what the tests run).")
    public var quick = false

    @Option(name: .customLong("output-dir"), help: "Where the Markdown table, CSV and plot go.")
    public var outputDirectory = "Studies/results"

    public init() {}

    /// Trajectories per row: --trajectories, else `full` (or `quick` with --quick).
    public func trajectories(full: Int, quick quickCount: Int) -> Int {
        trajectories ?? (quick ? quickCount : full)
    }

    public var threadCount: Int { threads ?? AvailableCPUs.count }

    public func validate() throws {
        if let trajectories, trajectories < 2 {
            throw ValidationError("--trajectories must be >= 2 (a standard error needs two runs)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1") }
        if seed < 0 { throw ValidationError("--seed must be >= 0") }
    }

    /// The execution plan of row `row` (seed + row, so rows are independent).
    public func plan(trajectories n: Int, row: Int) -> ExecutionPlan {
        ExecutionPlan(trajectories: n, seed: UInt64(seed + row), threads: threadCount, keepFinalPoints: true)
    }
}
