import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab theory`: the exact and asymptotic escape times for a problem.
struct TheoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theory",
        abstract: "Theoretical mean escape time in steps and continuous time: exact 1-D MFPT by quadrature, Kramers / Eyring-Kramers, the saddle law, the alpha-stable exit law, the inertia laws of heavy ball, Adai and Adam, and for 2-D problems the backward Kolmogorov PDE.",
        discussion: """
        Takes the same problem flags as `run`. JSON keys: mfpt_time, mfpt_steps, kramers_time,
        kramers_steps, saddle_time, saddle_steps, saddle_exact_time, saddle_exact_steps,
        noise_free_steps, levy_time, levy_steps; for heavy ball, 1-D Adai and frozen-v Adam
        inertia_steps, inertia_time, inertia_law, inertia_friction_steps, inertia_overdamped_steps,
        inertia_bias_bound, friction_parameter (X), friction_factor (kappa), energy_loss (Delta),
        depopulation_factor (A), saddle_growth_factor (G); for 2-D plain SGD with Gaussian noise of
        constant covariance (D = lr C / 2) the backward Kolmogorov PDE solved on three nested
        grids: pde_time, pde_steps, pde_error and pde_error_steps (the Richardson / grid-convergence
        bound on the error), pde_asymptotic (whether the grids converge at order 1 to 3),
        pde_discrete_time and pde_discrete_steps (the boundary moved out by 0.5826 sqrt(2 n^T D lr):
        per-step checking), pde_seconds (solver time, typically 1 to 10 s); (null where a law
        does not apply or is outside its tested range), plus temperature, barrier,
        barrier_over_temperature, lr, escape and notes.
        """)

    @OptionGroup var problemOptions: ProblemOptions

    @Option(help: "table or json.")
    var format = OutputFormat.table

    func run() throws {
        guard format == .table || format == .json else {
            throw ValidationError("--format for theory is table or json, not \(format.rawValue)")
        }
        let problem = try problemOptions.problem()
        let estimate = try TheoryEstimate(problem)
        if format == .json {
            print(estimate.json.rendered())
            return
        }
        func g(_ v: Double?) -> String { v.map { RunReport.short($0, 6, exponentFrom: 1e6) } ?? "-" }
        var lines: [(String, String, String)] = [
            ("escape criterion", problem.escape.spec, "lr \(problem.learningRate.compact)"),
            ("temperature T", g(estimate.temperature), ""),
            ("barrier / T", g(estimate.barrierOverTemperature), ""),
            ("law", "time (steps x lr)", "steps"),
        ]
        lines += estimate.rows.map { ($0.law, g($0.time), g($0.steps)) }
        let w0 = lines.map(\.0.count).max()!, w1 = lines.map(\.1.count).max()!
        for (a, b, c) in lines {
            print(a.padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + b.padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + c)
        }
        for note in estimate.notes { print("note: \(note)") }
    }
}
