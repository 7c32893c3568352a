import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab theory`: the exact and Kramers escape times for a problem.
struct TheoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theory",
        abstract: "Theoretical mean escape time (exact 1-D MFPT by quadrature, Kramers) in steps and continuous time.")

    @OptionGroup var problemOptions: ProblemOptions

    @Option(help: "table or json.")
    var format = "table"

    func run() throws {
        guard ["table", "json"].contains(format) else {
            throw SpecError.invalid(flag: "--format", value: format, accepted: "table or json")
        }
        let problem = try problemOptions.problem()
        let estimate = try TheoryEstimate(problem)
        if format == "json" {
            print(estimate.json.rendered())
            return
        }
        func g(_ v: Double?) -> String { v.map { RunReport.short($0, 6) } ?? "-" }
        print("temperature T        \(g(estimate.temperature))")
        print("barrier / T          \(g(estimate.temperature.flatMap { t in estimate.barrier.map { $0 / t } }))")
        print("exact MFPT (time)    \(g(estimate.meanFirstPassage?.time))   steps \(g(estimate.meanFirstPassage?.steps(learningRate: problem.learningRate)))")
        print("Kramers (time)       \(g(estimate.kramers?.time))   steps \(g(estimate.kramers?.steps(learningRate: problem.learningRate)))")
    }
}
