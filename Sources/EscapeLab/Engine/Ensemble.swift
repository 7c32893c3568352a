import Dispatch
import Foundation
import Synchronization

// Parallel execution. `threads` workers (DispatchQueue.concurrentPerform
// iterations) take chunks of trajectory indices in increasing order; each
// worker owns one GSL generator, one noise sampler and one gradient buffer,
// and reseeds the generator per trajectory from SeedSequence(master, index). A
// trajectory's result goes to its chunk's slot in a bounded window, and the
// window hands finished chunks to the sink in index order (RecordSink.swift),
// so the records do not depend on the thread count, the chunking or the order
// in which chunks finish, and memory does not grow with the trajectory count.

@usableFromInline
final class AtomicCounter: Sendable {
    let value = Atomic<Int>(0)
    @usableFromInline init() {}
    @usableFromInline func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
    @usableFromInline func add(_ n: Int) { value.add(n, ordering: .relaxed) }
    @usableFromInline func load() -> Int { value.load(ordering: .relaxed) }
}

/// Runs ensembles of trajectories in parallel.
public enum Ensemble {
    /// Runs `plan.trajectories` trajectories (or one shard of them) of
    /// `optimizer` on `landscape` with `noise`, each from `start` until
    /// `escape` holds, it diverges, or `maxSteps` steps (then censored), and
    /// returns every record in memory.
    ///
    /// The generic entry point: every type is concrete in the caller, so the
    /// hot loop is specialised for them, in the caller's module too (a user's
    /// own landscape, optimizer, noise or criterion runs at full speed).
    /// Trajectory i draws from its own GSL stream seeded from
    /// (`plan.seed`, i): the records do not depend on `plan.threads` or on
    /// sharding.
    ///
    /// ```
    /// for each trajectory i:  x_0 = start
    ///   x_n = optimizer.step(x_{n-1}, g_n),  g_n = noise(grad L(x_{n-1}))
    ///   stop at the first n with escape(x_n) (escaped), x_n or the
    ///   optimizer state non-finite (diverged), or n = maxSteps (censored)
    /// ```
    @inlinable
    public static func run<L: Landscape, O: Optimizer, N: NoiseKernel, C: EscapeCheck>(
        landscape: L, optimizer: O, noise: N, escape test: C, start: O.Vector, maxSteps: Int, plan: ExecutionPlan
    ) throws -> EnsembleRecords where N.Vector == O.Vector, C.Vector == O.Vector {
        let sink = RecordCollector()
        let r = try stream(landscape: landscape, optimizer: optimizer, noise: noise, escape: test, start: start,
                           maxSteps: maxSteps, plan: plan, into: sink, stop: StopFlag())
        return sink.records(r, dimension: landscape.dimension, trajectories: plan.trajectories)
    }

    /// The same run, its records handed to `sink` in index order as they
    /// finish (memory bounded by a window of pending chunks, not by the
    /// trajectory count); `stop` ends it early at a trajectory boundary,
    /// leaving a prefix of the indices done.
    @inlinable
    public static func stream<L: Landscape, O: Optimizer, N: NoiseKernel, C: EscapeCheck>(
        landscape: L, optimizer: O, noise: N, escape test: C, start: O.Vector, maxSteps: Int, plan: ExecutionPlan,
        into sink: any RecordSink, stop: StopFlag
    ) throws -> StreamResult where N.Vector == O.Vector, C.Vector == O.Vector {
        try plan.validate()
        guard maxSteps >= 1, maxSteps <= EscapeStatistics.maximumSteps else {
            throw SpecError.invalid(.maxSteps, value: "\(maxSteps)", accepted: "an integer in 1...\(EscapeStatistics.maximumSteps)")
        }
        let probe = try Generator(named: plan.generator)   // validates the name before any thread starts
        let seeds = SeedSequence(master: plan.seed, generator: probe.name)
        guard UInt64(plan.trajectories) <= seeds.capacity else {
            throw SpecError.invalid(.trajectories, value: "\(plan.trajectories)", accepted: "at most \(seeds.capacity) (distinct 32-bit seeds)")
        }
        let d = landscape.dimension
        let range = plan.pendingRange
        let n = range.count
        let keep = plan.keepFinalPoints
        let workers = max(1, min(plan.threads, n))
        // Small chunks balance the load (escape times are exponential-tailed);
        // 16 trajectories at most (as the C reference) keeps the tail short.
        let chunk = max(1, min(16, n / (workers * 32)))
        let collector = OrderedCollector(first: range.lowerBound, total: n, chunk: chunk, workers: workers,
                                         dimension: d, keep: keep, sink: sink, stop: stop)
        let finished = AtomicCounter()
        let generatorName = probe.name

        let poller = ProgressPoller(plan.progress, finished: finished, total: n)
        let clock = ContinuousClock.now
        if n > 0 {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let rng = try! Generator(named: generatorName)   // the name was validated above
                var sampler = noise.makeSampler()
                var g = O.Vector(zeros: d)
                let source = rng.source
                while let c = collector.take() {
                    let slot = collector.slot(c)
                    var ran = 0
                    for (k, index) in collector.indices(of: c).enumerated() {
                        if stop.isRequested { break }
                        rng.reseed(seeds.seed(for: index))
                        var ignore = IgnoreSteps<O.Vector>()
                        let end = runTrajectory(landscape, optimizer, &sampler, test, start: start, maxSteps: maxSteps,
                                                rng: source, gradient: &g, observer: &ignore)
                        slot.outcomes[k] = end.outcome
                        slot.steps[k] = end.steps
                        if keep { for i in 0..<d { slot.finals[k * d + i] = end.point[i] } }
                        ran += 1
                    }
                    collector.complete(c, count: ran)
                    finished.add(ran)
                }
            }
        }
        let elapsed = ContinuousClock.now - clock
        poller.stop()
        if let error = collector.error { throw error }
        let done = collector.drainedRecords
        return StreamResult(completed: range.lowerBound..<(range.lowerBound + done), interrupted: done < n,
                            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                            threads: workers)
    }

    /// The path of one trajectory, `steps` steps whatever the criterion:
    /// trajectory `index` of a run with `seed` (the same stream as in ``run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``).
    @inlinable
    public static func trace<L: Landscape, O: Optimizer, N: NoiseKernel>(
        landscape: L, optimizer: O, noise: N, start: O.Vector, seed: UInt64, generator: String, index: Int, steps: Int
    ) throws -> Trace where N.Vector == O.Vector {
        let rng = try Generator(named: generator)
        let seeds = SeedSequence(master: seed, generator: rng.name)
        guard index >= 0, UInt64(index) < seeds.capacity else {
            throw SpecError.invalid(.trajectoryIndex, value: "\(index)",
                                    accepted: "an index in 0..<\(seeds.capacity) (a run has at most that many distinct seeds)")
        }
        guard steps >= 0, steps <= Trace.maximumSteps(dimension: landscape.dimension) else {
            throw SpecError.invalid(.steps, value: "\(steps)",
                                    accepted: "an integer in 0...\(Trace.maximumSteps(dimension: landscape.dimension)) (the trace is kept in memory)")
        }
        rng.reseed(seeds.seed(for: index))
        var recorder = TraceRecorder<L, O.Vector>(landscape, capacity: steps + 1)
        recorder.observe(start)
        var sampler = noise.makeSampler()
        var g = O.Vector(zeros: landscape.dimension)
        _ = runTrajectory(landscape, optimizer, &sampler, EscapeTest(.never, start: start, dimension: landscape.dimension),
                          start: start, maxSteps: steps, rng: rng.source, gradient: &g, observer: &recorder)
        return recorder.trace
    }
}

/// Records every step for `escapelab trace` (the trajectory itself stops
/// after its first non-finite point).
@usableFromInline
struct TraceRecorder<L: Landscape, Vector: PointVector>: StepObserver {
    @usableFromInline let landscape: L
    @usableFromInline var trace: Trace

    @inlinable
    init(_ landscape: L, capacity: Int) {
        self.landscape = landscape
        trace = Trace(dimension: landscape.dimension, losses: [], points: [])
        trace.losses.reserveCapacity(capacity)
        trace.points.reserveCapacity(capacity * landscape.dimension)
    }

    @inlinable
    mutating func observe(_ x: Vector) {
        trace.losses.append(landscape.loss(at: x))
        for i in 0..<landscape.dimension { trace.points.append(x[i]) }
    }
}
