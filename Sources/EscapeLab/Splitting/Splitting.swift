import Dispatch
import Foundation

// The entry point of adaptive multilevel splitting: the pilot (when a level
// is not given), then R independent repetitions, in parallel, one per worker
// at a time. Each repetition draws only from its own block of streams
// (SplittingStreams), so the result does not depend on the thread count or
// on which worker ran which repetition.

/// Rare-escape estimation by adaptive multilevel splitting.
public enum Splitting {
    /// Runs `plan.repetitions` repetitions of basin sampling plus generalized
    /// AMS for `optimizer` on `landscape` with `noise`, from `start`, until
    /// `escape`; `coordinate` orders the replicas. `maxSteps` caps every
    /// simulated segment (a T0 run, a loop, a replica's continuation).
    ///
    /// Generic over concrete types like ``Ensemble/run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``,
    /// whose step it shares: every replica moves by the engine's own step.
    /// ```
    /// repetition r: basin run -> T0_r, loops L_r, N entrance states
    ///               GAMS from them -> p_hat_r, reactive time Treac_r
    /// tau = T0 + L (1 - p) / p + Treac          (SplittingEstimate)
    /// ```
    @inlinable
    public static func run<L: Landscape, O: Optimizer, N: NoiseKernel, C: EscapeCheck>(
        landscape: L, optimizer: O, noise: N, escape test: C, coordinate: ReactionCoordinate<O.Vector>,
        start: O.Vector, maxSteps: Int, plan: SplittingPlan
    ) throws -> SplittingResult where N.Vector == O.Vector, C.Vector == O.Vector {
        try plan.validate()
        guard maxSteps >= 1 else { throw SpecError.invalid(.maxSteps, value: "\(maxSteps)", accepted: "an integer >= 1") }
        let probe = try Generator(named: plan.generator)
        let generatorName = probe.name
        let seeds = SeedSequence(master: plan.seed, generator: generatorName)
        let clock = ContinuousClock.now
        var chain = SplittingChain(landscape: landscape, optimizer: optimizer, test: test, coordinate: coordinate,
                                   start: start, basin: plan.basin ?? 0, level: plan.level ?? 0, segmentCap: maxSteps)
        guard !chain.inB(chain.startState) else {
            throw SpecError.invalid(.method, value: "ams", accepted: "a start outside the escape set (it already meets it)")
        }
        var pilotSteps = 0, pilotEscapes = 0
        var values: [Double]?
        if plan.basin == nil || plan.level == nil {
            var worker = try SplittingWorker(chain, noise: noise, generator: generatorName, seeds: seeds)
            let cap = 50 * (plan.pilotBurnIn + plan.pilotSamples)
            let pilot = worker.pilot(burnIn: plan.pilotBurnIn, samples: plan.pilotSamples, cap: cap)
            pilotSteps = pilot.steps
            pilotEscapes = pilot.escapes
            values = pilot.values
            if values == nil { throw SplittingLevels.pilotFailed(steps: pilot.steps, escapes: pilot.escapes, samples: plan.pilotSamples) }
        }
        let levels = try SplittingLevels.resolve(plan: plan, pilot: values, start: coordinate.startValue, escape: coordinate.escapeValue)
        chain.basin = levels.basin
        chain.level = levels.level

        let r = plan.repetitions
        let slots = RepetitionSlots(r)
        defer { slots.release() }
        let next = AtomicCounter(), finished = AtomicCounter()
        let workers = max(1, min(plan.threads, r))
        let poller = ProgressPoller(plan.progress, finished: finished, total: r)
        let n = plan.replicas
        let model = chain
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var worker = try! SplittingWorker(model, noise: noise, generator: generatorName, seeds: seeds)
            while true {
                let k = next.next()
                if k >= r { break }
                slots.buffer[k] = worker.repetition(k, replicas: n)
                finished.add(1)
            }
        }
        poller.stop()
        let elapsed = ContinuousClock.now - clock
        return SplittingResult(replicas: n, coordinate: coordinate.spec, basin: levels.basin, level: levels.level,
                               basinFromPilot: plan.basin == nil, levelFromPilot: plan.level == nil,
                               startValue: coordinate.startValue, escapeValue: coordinate.escapeValue,
                               pilotSteps: pilotSteps, pilotEscapes: pilotEscapes,
                               repetitions: slots.results,
                               elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                               threads: workers)
    }
}

extension SplittingWorker {
    /// Repetition `r`: the basin run, then GAMS from its N entrance states.
    @inlinable
    mutating func repetition(_ r: Int, replicas n: Int) -> RepetitionResult {
        let basin = sampleBasin(replicas: n, stream: SplittingStreams.basin(r))
        var gams = GAMSOutcome()
        var failure: String?
        if let f = basin.failure {
            failure = f == .diverged ? "diverged in the basin run" : "a basin segment reached the step cap"
        } else {
            gams = splitting(pool: basin.pool, inB: basin.poolInB, repetition: r)
            if gams.capped { failure = "a replica reached the step cap or the repetition its stream budget" }
        }
        return RepetitionResult(
            probability: failure == nil ? gams.probability : 0, extinct: gams.extinct, failure: failure,
            iterations: gams.iterations, maxKilled: gams.maxKilled, ancestors: gams.ancestors,
            meanEntranceSteps: Double(basin.entranceSteps) / Double(max(basin.entrances, 1)), entrances: basin.entrances,
            meanLoopSteps: basin.loops > 0 ? Double(basin.loopSteps) / Double(basin.loops) : nil, loops: basin.loops,
            basinEscapes: basin.escapes, meanReactiveSteps: failure == nil ? gams.reactiveSteps : nil,
            basinSteps: basin.steps, splittingSteps: gams.steps, divergedPaths: gams.divergedPaths)
    }
}

/// One result slot per repetition; each is written by the one worker that
/// took that index from the shared counter, and read after every worker ended.
@usableFromInline
struct RepetitionSlots: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<RepetitionResult?>

    @usableFromInline init(_ count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: nil)
    }

    @usableFromInline func release() {
        buffer.deinitialize()
        buffer.deallocate()
    }

    @usableFromInline var results: [RepetitionResult] { buffer.compactMap { $0 } }
}

/// Where A and Sigma go, and the checks on them (not on the hot path).
@usableFromInline
enum SplittingLevels {
    /// Z_A and Z_Sigma: the plan's, or the pilot's quantiles of xi; refused
    /// unless xi(start) < Z_Sigma < xi(escape set) and Z_A < Z_Sigma.
    @usableFromInline
    static func resolve(plan: SplittingPlan, pilot: [Double]?, start: Double, escape: Double) throws -> (basin: Double, level: Double) {
        let sorted = pilot.map { GSLStatistics.sorted($0) }
        func quantile(_ q: Double) -> Double { GSLStatistics.quantile(sorted: sorted!, q) }
        let level = plan.level ?? quantile(plan.levelQuantile)
        let basin = plan.basin ?? quantile(plan.basinQuantile)
        let levelText = plan.level == nil ? "\(level.compact) (pilot \(Int(100 * plan.levelQuantile))% quantile)" : level.compact
        let basinText = plan.basin == nil ? "\(basin.compact) (pilot \(Int(100 * plan.basinQuantile))% quantile)" : basin.compact
        guard level < escape else {
            let hint = plan.level == nil ? "; the basin's own fluctuations reach the escape set, so escape is not rare: use --method direct" : ""
            throw SpecError.invalid(.level, value: levelText, accepted: "a level Z_Sigma below \(escape.compact), the coordinate's value at the escape set\(hint)")
        }
        guard level > start else {
            throw SpecError.invalid(.level, value: levelText, accepted: "a level Z_Sigma above \(start.compact), the coordinate's value at the start")
        }
        guard basin < level else {
            throw SpecError.invalid(.basin, value: basinText, accepted: "a basin level Z_A below the splitting level Z_Sigma = \(level.compact)")
        }
        return (basin, level)
    }

    /// The refusal when the pilot cannot stay in the basin long enough.
    @usableFromInline
    static func pilotFailed(steps: Int, escapes: Int, samples: Int) -> SpecError {
        .invalid(.method, value: "ams",
                 accepted: "--method direct for this problem: the pilot left the basin \(escapes) times (or diverged) in \(steps) steps before collecting \(samples) samples of the coordinate, so escape is not rare here")
    }
}
