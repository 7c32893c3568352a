import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab trace`: every step of one trajectory as CSV.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print one trajectory as CSV: step,loss,x0,x1,... (step 0 is the start).",
        discussion: "Trajectory --trajectory I with --seed S follows exactly trajectory I of `run --seed S`, for --steps steps whatever the escape criterion; with --noise none it is deterministic.")

    @OptionGroup var problemOptions: ProblemOptions

    @Option(parsing: .unconditional, help: "Number of steps to record (>= 1).")
    var steps = 100

    @Option(parsing: .unconditional, help: "Master seed, as in run.")
    var seed = 1

    @Option(parsing: .unconditional, help: "Which trajectory of the run to follow (index from 0).")
    var trajectory = 0

    @Option(help: "GSL generator, as in run.")
    var rng = "taus2"

    @Option(help: "Write the CSV here (atomically) instead of stdout.")
    var output: String?

    func run() throws {
        guard steps >= 1 else {
            throw SpecError.invalid(.steps, value: "\(steps)", accepted: "an integer >= 1")
        }
        guard seed >= 0 else { throw SpecError.invalid(.seed, value: "\(seed)", accepted: "an integer >= 0") }
        guard trajectory >= 0 else {
            throw SpecError.invalid(.trajectoryIndex, value: "\(trajectory)", accepted: "an index >= 0")
        }
        let problem = try problemOptions.problem()
        let outputFile = try output.map { try OutputFile($0) }
        let trace = try problem.trace(seed: UInt64(seed), steps: steps, index: trajectory, generator: rng)
        var csv = "step,loss" + (0..<trace.dimension).map { ",x\($0)" }.joined() + "\n"
        for n in 0..<trace.count {
            csv += "\(n),\(trace.losses[n])"
            for x in trace.point(n) { csv += ",\(x)" }
            csv += "\n"
        }
        if let outputFile {
            try outputFile.write(csv)
            try OutputFile.commit([outputFile])
        } else {
            print(csv, terminator: "")
        }
    }
}
