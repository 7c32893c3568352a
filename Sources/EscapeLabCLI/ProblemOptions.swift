import ArgumentParser
import EscapeLab
import Foundation

/// The flags that define a problem, shared by run, trace and theory.
struct ProblemOptions: ParsableArguments {
    @Option(help: "Landscape spec, e.g. double-well:barrier=1,k=1 (see `escapelab list landscapes`).")
    var landscape = "double-well"

    @Option(help: "Optimizer spec: sgd | sgd:momentum=0.9,nesterov=true | adam | adamw | rmsprop | adagrad | adai.")
    var optimizer = "sgd"

    @Option(name: .customLong("lr"), parsing: .unconditional, help: "Learning rate eta (> 0); continuous time is steps x eta.")
    var learningRate = 0.01

    @Option(help: "Gradient noise: none | gaussian:sigma=S | sgd:batch=B[,hessian=start|local] | levy:alpha=A,sigma=S | student-t:nu=N,sigma=S | minibatch:batch=B.")
    var noise = "gaussian:sigma=6"

    @Option(parsing: .unconditional, help: "Start point X[,Y,...] (default: the landscape's start minimum or saddle).")
    var start: String?

    @Option(parsing: .unconditional, help: "Escape criterion: xI>=C | xI<=C | |xI|>=C | min<=C | max>=C | radius=R | loss>=V | none (default: the landscape's).")
    var escape: String?

    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Step cap; runs that have not escaped by then are censored.")
    var maxSteps = 1_000_000

    /// The validated problem.
    func problem() throws -> Problem {
        try Problem(parsingLandscape: landscape, optimizer: optimizer, learningRate: learningRate, noise: noise,
                    start: { try start.map { try parseVector($0, field: .start) } }, escape: escape, maxSteps: maxSteps,
                    registry: EscapeLabCLI.registry)
    }
}

/// How many trajectories, with which seed, threads, shard and generator.
struct ExecutionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Number of trajectories in the whole run (>= 1).")
    var trajectories = 1000

    @Option(parsing: .unconditional, help: "Master seed (0 ... 2^63-1); trajectory i's stream depends only on (seed, i).")
    var seed = 1

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use). Results do not depend on it.")
    var threads: Int?

    @Option(help: "Run shard I of N (I from 0), e.g. $SLURM_ARRAY_TASK_ID/8 with a fixed N (Scripts/slurm: SLURM_ARRAY_TASK_COUNT is the size of one submission, 1 for a resubmitted index).")
    var shard: String?

    @Option(help: "GSL generator: taus2 (default), taus113, taus, mt19937, mt19937_1999, mt19937_1998 or gfsr4.")
    var rng = "taus2"

    @Flag(help: "No progress bar on stderr.")
    var quiet = false

    func plan(keepFinalPoints: Bool) throws -> ExecutionPlan {
        guard trajectories >= 1 else {
            throw SpecError.invalid(.trajectories, value: "\(trajectories)", accepted: "an integer >= 1")
        }
        guard seed >= 0 else {
            throw SpecError.invalid(.seed, value: "\(seed)", accepted: "an integer in 0...\(Int.max)")
        }
        if let threads, threads < 1 || threads > 4096 {
            throw SpecError.invalid(.threads, value: "\(threads)", accepted: "an integer in 1...4096")
        }
        let s = try shard.map { try Shard(parsing: $0) } ?? .whole
        return ExecutionPlan(trajectories: trajectories, seed: UInt64(seed),
                             threads: threads ?? ProcessInfoCores.count, shard: s, generator: rng,
                             keepFinalPoints: keepFinalPoints, progress: quiet ? nil : ProgressBar.callbackIfTerminal())
    }
}

enum ProcessInfoCores {
    static var count: Int { AvailableCPUs.count }
}
