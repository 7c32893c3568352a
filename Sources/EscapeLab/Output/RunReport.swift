import Foundation

/// The version written into every summary.
public let escapeLabVersion = "0.2.0"

/// A finished run (or shard, or merge of shards): its problem, how it was
/// executed, and the summary of its records, rendered as the summary JSON, a
/// table or CSV (<doc:Conventions#Output-files>; the records themselves are
/// written as they finish, see ``RecordsCSV`` and ``ShardFile``).
public struct RunReport: Sendable {
    public let problem: Problem
    public let plan: ExecutionPlan
    public let summary: EscapeSummary
    /// Wall-clock seconds of the simulation (for a merge: the sum over the
    /// shards, i.e. compute time, not the cluster's wall-clock time).
    public let elapsedSeconds: Double
    /// Worker threads (for a merge: the largest shard's).
    public let threads: Int
    /// The run-wide indices summarised (a prefix of the planned ones when interrupted).
    public let completed: Range<Int>
    /// True when a stop request (SIGINT/SIGTERM) cut the run short.
    public let interrupted: Bool

    public init(problem: Problem, plan: ExecutionPlan, statistics: EscapeStatistics, elapsedSeconds: Double,
                threads: Int, completed: Range<Int>, interrupted: Bool = false) {
        self.problem = problem
        self.plan = plan
        summary = EscapeSummary(statistics, learningRate: problem.learningRate)
        self.elapsedSeconds = elapsedSeconds
        self.threads = threads
        self.completed = completed
        self.interrupted = interrupted
    }

    /// The report of records kept in memory.
    public init(problem: Problem, plan: ExecutionPlan, records: EnsembleRecords) {
        self.init(problem: problem, plan: plan, statistics: EscapeStatistics(records), elapsedSeconds: records.elapsedSeconds,
                  threads: records.threads, completed: records.indices)
    }

    /// The problem's part of a summary's `config`: every parameter after defaults.
    static func problemConfig(_ problem: Problem) -> [(String, JSONValue)] {
        [
            ("landscape", .string(problem.landscape.spec)),
            ("optimizer", .string(problem.optimizer.spec)),
            ("lr", .number(problem.learningRate)),
            ("noise", .string(problem.noise.spec)),
            ("start", .array(problem.start.map { .number($0) })),
            ("escape", .string(problem.escape.spec)),
            ("max_steps", .int(problem.maxSteps)),
        ]
    }

    /// Every parameter after defaults are applied (the summary's `config`).
    public var config: JSONValue {
        .object(Self.problemConfig(problem) + [
            ("trajectories", .int(plan.trajectories)),
            ("seed", .int(Int(plan.seed))),
            ("rng", .string(plan.generator)),
        ])
    }

    public var stepsPerSecond: Double? {
        elapsedSeconds > 0 ? Double(summary.totalSteps) / elapsedSeconds : nil
    }

    /// The summary JSON (`--output`).
    public func json() -> JSONValue {
        let s = summary
        var fields: [(String, JSONValue)] = [
            ("version", .string(escapeLabVersion)),
            ("config", config),
            ("trajectories", .int(s.trajectories)),
            ("escaped", .int(s.escaped)),
            ("censored", .int(s.censored)),
            ("diverged", .int(s.diverged)),
            ("mean_escape_steps", .number(s.meanEscapeSteps)),
            ("mean_escape_steps_se", .number(s.meanEscapeStepsSE)),
            ("median_escape_steps", .number(s.medianEscapeSteps)),
            ("quantiles", s.quantiles.map { q in
                .object(zip(["p05", "p25", "p75", "p95"], q).map { ($0, .number($1)) })
            } ?? .null),
            ("mean_escape_time", .number(s.meanEscapeTime)),
            ("escape_rate_per_step", .number(s.rate.rate)),
            ("escape_rate_ci95", s.rate.rate == nil ? .null : .array([.number(s.rate.lower), .number(s.rate.upper)])),
            ("km_median_steps", s.kaplanMeierMedianSteps.map { .int($0) } ?? .null),
            ("total_steps", .unsigned(s.totalSteps)),
            ("elapsed_seconds", .number(elapsedSeconds)),
            ("steps_per_second", .number(stepsPerSecond)),
            ("threads", .int(threads)),
        ]
        if interrupted {
            fields.append(("interrupted", .bool(true)))
            fields.append(("completed_trajectories", .int(completed.count)))
        }
        return .object(fields)
    }

    /// Column names of ``csv``.
    public static let csvColumns = [
        "trajectories", "escaped", "censored", "diverged", "mean_escape_steps", "mean_escape_steps_se",
        "median_escape_steps", "p05", "p25", "p75", "p95", "mean_escape_time", "escape_rate_per_step",
        "escape_rate_ci95_lo", "escape_rate_ci95_hi", "km_median_steps", "total_steps",
        "elapsed_seconds", "steps_per_second", "threads",
    ]

    /// The summary as a header line plus one CSV row.
    public var csv: String {
        let s = summary
        func f(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        let q = s.quantiles ?? [Double](repeating: .nan, count: 4)
        let row: [String] = [
            "\(s.trajectories)", "\(s.escaped)", "\(s.censored)", "\(s.diverged)", f(s.meanEscapeSteps),
            f(s.meanEscapeStepsSE), f(s.medianEscapeSteps),
        ] + q.map { s.quantiles == nil ? "" : "\($0)" } + [
            f(s.meanEscapeTime), f(s.rate.rate), f(s.rate.lower), f(s.rate.upper),
            s.kaplanMeierMedianSteps.map(String.init) ?? "", "\(s.totalSteps)",
            "\(elapsedSeconds)", f(stepsPerSecond), "\(threads)",
        ]
        return Self.csvColumns.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
    }

    /// A human-readable table of the configuration and the statistics.
    public var table: String {
        let s = summary
        let lr = problem.learningRate
        func g(_ v: Double?, _ digits: Int = 6) -> String { v.map { Self.short($0, digits) } ?? "-" }
        var rows: [(String, String)] = [
            ("landscape", problem.landscape.spec),
            ("optimizer", "\(problem.optimizer.spec), lr \(lr.compact)"),
            ("noise", problem.noise.spec),
            ("start / escape", "\(problem.start.map(\.compact).joined(separator: ",")) / \(problem.escape.spec)"),
            ("trajectories", "\(s.trajectories)\(plan.shard.count > 1 ? " (shard \(plan.shard.spec) of \(plan.trajectories))" : "")\(interrupted ? " INTERRUPTED after \(completed.count) of \(plan.shard.range(of: plan.trajectories).count)" : ""), seed \(plan.seed), \(plan.generator)"),
            ("escaped / censored / diverged",
             "\(s.escaped) / \(s.censored) (\(Self.short(100 * s.censoredFraction, 3))% at \(problem.maxSteps) steps) / \(s.diverged)"),
            ("mean escape steps +- SE", "\(g(s.meanEscapeSteps)) +- \(g(s.meanEscapeStepsSE, 3))"),
            ("mean escape time (steps x lr)", g(s.meanEscapeTime)),
            ("median (Kaplan-Meier median)", "\(g(s.medianEscapeSteps)) (\(s.kaplanMeierMedianSteps.map(String.init) ?? "-"))"),
        ]
        if let q = s.quantiles {
            rows.append(("p05 / p25 / p75 / p95", q.map { Self.short($0, 6) }.joined(separator: " / ")))
        }
        rows.append(("escape rate per step [95% CI]", "\(g(s.rate.rate, 4)) [\(g(s.rate.lower, 4)), \(g(s.rate.upper, 4))]"))
        rows.append(("1 / rate (steps)", g(s.rate.meanSteps)))
        rows.append(("throughput", "\(stepsPerSecond.map { String(format: "%.3g", $0) } ?? "-") steps/s (\(s.totalSteps) steps, \(Self.short(elapsedSeconds, 3)) s, \(threads) thread\(threads == 1 ? "" : "s"))"))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n") + "\n"
    }

    /// A number with `digits` significant digits: scientific notation below
    /// 1e-3 and from `exponentFrom` on, whole numbers of 10^digits and more
    /// without an exponent below that.
    public static func short(_ v: Double, _ digits: Int, exponentFrom: Double = 1e9) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v != 0, abs(v) >= exponentFrom || abs(v) < 1e-3 { return String(format: "%.\(max(digits - 1, 0))e", v) }
        // Whole numbers of steps read best without an exponent: 8925131, not 8.925e+06.
        if abs(v) >= pow(10, Double(digits)) { return String(Int(v.rounded())) }
        return String(format: "%.\(digits)g", v)
    }
}
