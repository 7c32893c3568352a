import Dispatch
import Foundation
import Synchronization

// Parallel execution. `threads` workers (DispatchQueue.concurrentPerform
// iterations) pull chunks of trajectory indices from an atomic counter; each
// worker owns one GSL generator and one noise sampler and reseeds the
// generator per trajectory from SeedSequence(master, index). A trajectory's
// result is written into its own slot, so the records do not depend on the
// thread count, the chunking or the order in which chunks finish.

final class AtomicCounter: Sendable {
    let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
    func add(_ n: Int) { value.add(n, ordering: .relaxed) }
    func load() -> Int { value.load(ordering: .relaxed) }
}

struct UnsafeSlots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ count: Int, _ initial: T) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: initial)
    }
    func release() { buffer.deallocate() }
    func array(_ count: Int) -> [T] { Array(buffer.prefix(count)) }
}

enum Ensemble {
    static func run<L: Landscape, O: Optimizer, N: NoiseKernel, C: EscapeCheck>(
        _ landscape: L, _ optimizer: O, _ noise: N, _ test: C,
        start: O.Vector, problem: Problem, plan: ExecutionPlan
    ) throws -> EnsembleRecords where N.Vector == O.Vector, C.Vector == O.Vector {
        guard plan.trajectories >= 1 else {
            throw SpecError.invalid(flag: "--trajectories", value: "\(plan.trajectories)", accepted: "an integer >= 1")
        }
        guard plan.threads >= 1 else {
            throw SpecError.invalid(flag: "--threads", value: "\(plan.threads)", accepted: "an integer >= 1")
        }
        let probe = try Generator(named: plan.generator)   // validates the name before any thread starts
        let seeds = SeedSequence(master: plan.seed, generator: probe.name)
        guard UInt64(plan.trajectories) <= seeds.capacity else {
            throw SpecError.invalid(flag: "--trajectories", value: "\(plan.trajectories)", accepted: "at most \(seeds.capacity) (distinct 32-bit seeds)")
        }
        let d = landscape.dimension
        let range = plan.shard.range(of: plan.trajectories)
        let n = range.count
        let keep = plan.keepFinalPoints
        let outcomes = UnsafeSlots<Outcome>(n, .censored)
        let steps = UnsafeSlots<Int>(n, 0)
        let finals = UnsafeSlots<Double>(keep ? n * d : 0, 0)
        defer { outcomes.release(); steps.release(); finals.release() }

        let workers = max(1, min(plan.threads, n))
        // Small chunks balance the load (escape times are exponential-tailed);
        // 16 trajectories at most (as the C reference) keeps the tail short.
        let chunk = max(1, min(16, n / (workers * 32)))
        let chunkCount = (n + chunk - 1) / chunk
        let nextChunk = AtomicCounter()
        let finished = AtomicCounter()
        let maxSteps = problem.maxSteps
        let generatorName = probe.name

        let poller = ProgressPoller(plan.progress, finished: finished, total: n)
        let clock = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let rng = try! Generator(named: generatorName)   // the name was validated above
            let sampler = noise.makeSampler()
            let source = rng.source
            while true {
                let c = nextChunk.next()
                if c >= chunkCount { break }
                let lo = c * chunk, hi = min(n, lo + chunk)
                for k in lo..<hi {
                    rng.reseed(seeds.seed(for: range.lowerBound + k))
                    var ignore = IgnoreSteps<O.Vector>()
                    let end = runTrajectory(landscape, optimizer, sampler, test, start: start,
                                            maxSteps: maxSteps, rng: source, observer: &ignore)
                    outcomes.buffer[k] = end.outcome
                    steps.buffer[k] = end.steps
                    if keep { for i in 0..<d { finals.buffer[k * d + i] = end.point[i] } }
                }
                finished.add(hi - lo)
            }
        }
        let elapsed = ContinuousClock.now - clock
        poller.stop()
        return EnsembleRecords(dimension: d, trajectories: plan.trajectories, indices: range,
                               outcomes: outcomes.array(n), steps: steps.array(n),
                               finalPoints: finals.array(keep ? n * d : 0),
                               elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                               threads: workers)
    }
}
