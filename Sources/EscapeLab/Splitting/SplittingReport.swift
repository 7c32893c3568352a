import Foundation

/// A finished splitting run rendered as the summary JSON, a table, one CSV
/// row, or one CSV row per repetition (`--records`). The estimate never
/// appears without the reliability verdict beside it.
public struct SplittingReport: Sendable {
    public let problem: Problem
    public let plan: SplittingPlan
    public let result: SplittingResult
    public let estimate: SplittingEstimate
    public let reliability: SplittingReliability

    public init(problem: Problem, plan: SplittingPlan, result: SplittingResult) {
        self.problem = problem
        self.plan = plan
        self.result = result
        estimate = SplittingEstimate(result)
        reliability = SplittingReliability(result, estimate)
    }

    /// Mean GAMS iterations (levels) per repetition.
    public var meanLevels: Double { Double(result.repetitions.reduce(0) { $0 + $1.iterations }) / Double(result.repetitions.count) }
    public var stepsPerSecond: Double? { result.elapsedSeconds > 0 ? Double(result.totalSteps) / result.elapsedSeconds : nil }
    /// direct_equivalent_steps / total_steps.
    public var speedup: Double? { estimate.directEquivalentSteps.map { $0 / Double(result.totalSteps) } }
    public var maxKilledFraction: Double { Double(result.repetitions.map(\.maxKilled).max() ?? 0) / Double(result.replicas) }
    public var medianAncestors: Double {
        let a = result.repetitions.map { Double($0.ancestors) }.sorted()
        return a.count % 2 == 1 ? a[a.count / 2] : 0.5 * (a[a.count / 2 - 1] + a[a.count / 2])
    }
    var lr: Double { problem.learningRate }

    /// Every parameter after defaults (the summary's `config`).
    public var config: JSONValue {
        .object(RunReport.problemConfig(problem) + [
            ("method", .string("ams")),
            ("replicas", .int(plan.replicas)),
            ("repetitions", .int(plan.repetitions)),
            ("coordinate", .string(result.coordinate.spec)),
            ("basin", plan.basin.map { .number($0) } ?? .string("pilot quantile \(plan.basinQuantile.compact)")),
            ("level", plan.level.map { .number($0) } ?? .string("pilot quantile \(plan.levelQuantile.compact)")),
            ("seed", .int(Int(plan.seed))),
            ("rng", .string(plan.generator)),
        ])
    }

    /// The summary JSON.
    public func json() -> JSONValue {
        let e = estimate
        func pair(_ v: (lower: Double, upper: Double)?) -> JSONValue { v.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null }
        let reps = result.repetitions
        return .object([
            ("version", .string(escapeLabVersion)),
            ("config", config),
            ("method", .string("ams")),
            ("reliability", .string(reliability.level.rawValue)),
            ("reliability_notes", .array(reliability.reasons.map { .string($0) })),
            ("escape_probability", .number(e.probability)),
            ("escape_probability_se", .number(e.probabilitySE)),
            ("mean_entrance_steps", .number(e.meanEntranceSteps)),
            ("mean_loop_steps", .number(e.meanLoopSteps)),
            ("mean_reactive_steps", .number(e.meanReactiveSteps)),
            ("levels", .number(meanLevels)),
            ("replicas", .int(result.replicas)),
            ("repetitions", .int(reps.count)),
            ("coordinate", .string(result.coordinate.spec)),
            ("basin_level", .number(result.basin)),
            ("sigma_level", .number(result.level)),
            ("mean_escape_steps", .number(e.meanEscapeSteps)),
            ("mean_escape_steps_se", .number(e.meanEscapeStepsSE)),
            ("mean_escape_steps_ci95", pair(e.meanEscapeStepsCI95)),
            ("mean_escape_time", .number(e.meanEscapeSteps.map { $0 * lr })),
            ("escape_rate_per_step", .number(e.ratePerStep)),
            ("escape_rate_ci95", pair(e.rateCI95)),
            ("direct_equivalent_steps", .number(e.directEquivalentSteps)),
            ("speedup", .number(speedup)),
            ("diagnostics", .object([
                ("extinct_repetitions", .int(reps.filter(\.extinct).count)),
                ("failed_repetitions", .int(reps.filter { $0.failure != nil }.count)),
                ("max_killed_fraction", .number(maxKilledFraction)),
                ("median_ancestors", .number(medianAncestors)),
                ("entrances", .int(reps.reduce(0) { $0 + $1.entrances })),
                ("loops", .int(reps.reduce(0) { $0 + $1.loops })),
                ("basin_escapes", .int(reps.reduce(0) { $0 + $1.basinEscapes })),
                ("diverged_paths", .int(reps.reduce(0) { $0 + $1.divergedPaths })),
                ("pilot_steps", .int(result.pilotSteps)),
                ("pilot_escapes", .int(result.pilotEscapes)),
            ])),
            ("total_steps", .int(result.totalSteps)),
            ("elapsed_seconds", .number(result.elapsedSeconds)),
            ("steps_per_second", .number(stepsPerSecond)),
            ("threads", .int(result.threads)),
        ])
    }

    /// Column names of ``csv``.
    public static let csvColumns = [
        "method", "reliability", "escape_probability", "escape_probability_se", "mean_entrance_steps", "mean_loop_steps",
        "mean_reactive_steps", "levels", "replicas", "repetitions", "basin_level", "sigma_level", "mean_escape_steps",
        "mean_escape_steps_se", "mean_escape_steps_ci95_lo", "mean_escape_steps_ci95_hi", "mean_escape_time",
        "escape_rate_per_step", "escape_rate_ci95_lo", "escape_rate_ci95_hi", "direct_equivalent_steps", "speedup",
        "total_steps", "elapsed_seconds", "steps_per_second", "threads",
    ]

    /// The summary as a header line plus one CSV row.
    public var csv: String {
        let e = estimate
        func f(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        let row = [
            "ams", reliability.level.rawValue, f(e.probability), f(e.probabilitySE), f(e.meanEntranceSteps), f(e.meanLoopSteps),
            f(e.meanReactiveSteps), f(meanLevels), "\(result.replicas)", "\(result.repetitions.count)", f(result.basin),
            f(result.level), f(e.meanEscapeSteps), f(e.meanEscapeStepsSE), f(e.meanEscapeStepsCI95?.lower),
            f(e.meanEscapeStepsCI95?.upper), f(e.meanEscapeSteps.map { $0 * lr }), f(e.ratePerStep), f(e.rateCI95?.lower),
            f(e.rateCI95?.upper), f(e.directEquivalentSteps), f(speedup), "\(result.totalSteps)", "\(result.elapsedSeconds)",
            f(stepsPerSecond), "\(result.threads)",
        ]
        return Self.csvColumns.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
    }

    /// One row per repetition (what `--records` writes with `--method ams`).
    public var recordsCSV: String {
        func f(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        var s = "repetition,probability,extinct,failure,iterations,max_killed,ancestors,mean_entrance_steps,entrances,"
            + "mean_loop_steps,loops,basin_escapes,mean_reactive_steps,basin_steps,splitting_steps,diverged_paths\n"
        for (i, r) in result.repetitions.enumerated() {
            let cells = ["\(i)", "\(r.probability)", "\(r.extinct)", r.failure.map { "\"\($0)\"" } ?? "", "\(r.iterations)",
                         "\(r.maxKilled)", "\(r.ancestors)", "\(r.meanEntranceSteps)", "\(r.entrances)", f(r.meanLoopSteps),
                         "\(r.loops)", "\(r.basinEscapes)", f(r.meanReactiveSteps), "\(r.basinSteps)", "\(r.splittingSteps)",
                         "\(r.divergedPaths)"]
            s += cells.joined(separator: ",") + "\n"
        }
        return s
    }

    /// A human-readable table: the problem, the estimate with its verdict, the cost.
    public var table: String {
        let e = estimate
        func g(_ v: Double?, _ digits: Int = 6) -> String { v.map { RunReport.short($0, digits) } ?? "-" }
        let unreliable = reliability.level == .unreliable ? "  (UNRELIABLE: see verdict)" : ""
        let ci = e.meanEscapeStepsCI95.map { " [\(g($0.lower, 4)), \(g($0.upper, 4))]" } ?? ""
        let reps = result.repetitions
        func origin(_ fromPilot: Bool, _ q: Double) -> String { fromPilot ? " (pilot \(RunReport.short(100 * q, 3))% quantile)" : "" }
        let rows: [(String, String)] = [
            ("landscape", problem.landscape.spec),
            ("optimizer", "\(problem.optimizer.spec), lr \(lr.compact)"),
            ("noise", problem.noise.spec),
            ("start / escape", "\(problem.start.map(\.compact).joined(separator: ",")) / \(problem.escape.spec)"),
            ("method", "ams: \(result.replicas) replicas x \(reps.count) repetitions, seed \(plan.seed), \(plan.generator)"),
            ("coordinate xi", "\(result.coordinate.spec): start \(g(result.startValue, 3)), escape set \(g(result.escapeValue, 3))"),
            ("basin A: xi < Z_A", g(result.basin, 4) + origin(result.basinFromPilot, plan.basinQuantile)),
            ("surface Sigma: xi = Z_Sigma", g(result.level, 4) + origin(result.levelFromPilot, plan.levelQuantile)),
            ("escape probability p +- SE", "\(g(e.probability, 4)) +- \(g(e.probabilitySE, 2))"),
            ("mean steps: to Sigma / loop / reactive", "\(g(e.meanEntranceSteps, 4)) / \(g(e.meanLoopSteps, 4)) / \(g(e.meanReactiveSteps, 4))"),
            ("levels per repetition (most killed)", "\(g(meanLevels, 4)) (\(reps.map(\.maxKilled).max() ?? 0) of \(result.replicas))"),
            ("mean escape steps +- SE [95% CI]", "\(g(e.meanEscapeSteps)) +- \(g(e.meanEscapeStepsSE, 3))\(ci)\(unreliable)"),
            ("mean escape time (steps x lr)", g(e.meanEscapeSteps.map { $0 * lr }) + unreliable),
            ("escape rate per step [95% CI]", "\(g(e.ratePerStep, 4)) [\(g(e.rateCI95?.lower, 4)), \(g(e.rateCI95?.upper, 4))]"),
            ("verdict", reliability.text),
            ("cost", "\(result.totalSteps) steps (pilot \(result.pilotSteps)); direct simulation would need \(g(e.directEquivalentSteps, 3)) for the same SE (x\(g(speedup, 3)))"),
            ("throughput", "\(stepsPerSecond.map { String(format: "%.3g", $0) } ?? "-") steps/s (\(RunReport.short(result.elapsedSeconds, 3)) s, \(result.threads) thread\(result.threads == 1 ? "" : "s"))"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }
}
