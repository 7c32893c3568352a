import ArgumentParser
import EscapeLab
import Foundation

/// `escapelab bench`: the reference workloads of Scripts/bench (W1, W2) through the engine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Throughput on workload W1 (SGD, double well, sigma 6) or W2 (Adam); compare with the C reference via `make bench`.")

    enum Workload: String, ExpressibleByArgument, CaseIterable { case w1, w2 }

    @Option(help: "The workload.")
    var workload = Workload.w1

    @Option(parsing: .unconditional, help: "Trajectories (default 10000 for w1, 4000 for w2).")
    var trajectories: Int?

    @Option(parsing: .unconditional, help: "Worker threads.")
    var threads = 1

    @Option(parsing: .unconditional, help: "Master seed.")
    var seed = 12345

    func run() throws {
        let optimizer: OptimizerSpec
        let lr: Double
        switch workload {
        case .w1: optimizer = .sgd(SGDConfig()); lr = 0.01
        case .w2: optimizer = .adam(AdamConfig()); lr = 0.065
        }
        let n = trajectories ?? (workload == .w1 ? 10000 : 4000)
        guard seed >= 0 else { throw SpecError.invalid(.seed, value: "\(seed)", accepted: "an integer in 0...\(Int.max)") }
        guard n >= 1 else { throw SpecError.invalid(.trajectories, value: "\(n)", accepted: "an integer >= 1") }
        guard threads >= 1 else { throw SpecError.invalid(.threads, value: "\(threads)", accepted: "an integer >= 1") }
        let problem = Problem(landscape: DoubleWell(), optimizer: optimizer, learningRate: lr,
                              noise: .gaussian(sigma: 6), start: [-1], escape: .coordinateAtLeast(0, 0.5),
                              maxSteps: 1_000_000)
        let plan = ExecutionPlan(trajectories: n, seed: UInt64(seed), threads: threads, keepFinalPoints: false)
        let records = try problem.run(plan)
        let report = RunReport(problem: problem, plan: plan, records: records)
        let s = report.summary
        print("lang=Swift workload=\(workload.rawValue) threads=\(records.threads) N=\(n) mean_escape_steps=\(RunReport.short(s.meanEscapeSteps ?? .nan, 7)) escaped=\(s.escaped) censored=\(s.censored) total_traj_steps=\(s.totalSteps) time_s=\(RunReport.short(records.elapsedSeconds, 4)) throughput=\(String(format: "%.4g", report.stepsPerSecond ?? .nan)) steps/s")
    }
}
