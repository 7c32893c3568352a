import Dispatch
import Foundation
import Synchronization

// From runtime choices to specialised code. `Landscape.simulate` (a protocol
// requirement whose default lands here) opens the landscape's concrete type;
// the switches below pick the SIMD storage and the optimizer type. Every
// combination is therefore compiled as its own hot loop with no existential,
// no witness-table call and no allocation per step.

enum Engine {
    static func simulate<L: Landscape>(_ landscape: L, _ job: SimulationJob) throws -> SimulationOutput {
        try job.problem.validate()
        switch landscape.dimension {
        case ...2: return try simulate(landscape, SIMD2<Double>.self, job)
        case ...4: return try simulate(landscape, SIMD4<Double>.self, job)
        case ...8: return try simulate(landscape, SIMD8<Double>.self, job)
        case ...maximumDimension: return try simulate(landscape, SIMD16<Double>.self, job)
        default:
            throw SpecError.invalid(flag: "--landscape", value: landscape.spec, accepted: "dimension 1...\(maximumDimension)")
        }
    }

    static func simulate<L: Landscape, V: PointVector>(_ landscape: L, _: V.Type, _ job: SimulationJob) throws -> SimulationOutput {
        let p = job.problem
        let lr = p.learningRate
        switch p.optimizer {
        case .sgd where p.optimizer.isPlainSGD: return try simulate(landscape, PlainSGD<V>(lr: lr), job)
        case let .sgd(c): return try simulate(landscape, SGD<V>(lr: lr, c), job)
        case let .adam(c): return try simulate(landscape, Adam<V>(lr: lr, c), job)
        case let .rmsprop(c): return try simulate(landscape, RMSprop<V>(lr: lr, c), job)
        case let .adagrad(c): return try simulate(landscape, Adagrad<V>(lr: lr, c), job)
        case let .adai(c): return try simulate(landscape, Adai<V>(lr: lr, dimension: landscape.dimension, c), job)
        }
    }

    static func simulate<L: Landscape, O: Optimizer>(_ landscape: L, _ optimizer: O, _ job: SimulationJob) throws -> SimulationOutput {
        let p = job.problem
        let noise = try NoiseModel<O.Vector>(p.noise, landscape: landscape, start: p.start)
        let start = O.Vector(p.start)
        switch job {
        case let .ensemble(_, plan):
            // The one fast path: diagonal Gaussian noise with a coordinate
            // threshold (W1 and every 1-D well study). Everything else runs
            // the general noise sampler and escape test, with the same results.
            if let white = noise.diagonalGaussian, let threshold = ThresholdCheck<O.Vector>(p.escape) {
                return .ensemble(try Ensemble.run(landscape, optimizer, white, threshold, start: start, problem: p, plan: plan))
            }
            let test = EscapeTest(p.escape, start: start, dimension: landscape.dimension)
            return .ensemble(try Ensemble.run(landscape, optimizer, noise, test, start: start, problem: p, plan: plan))
        case let .trace(_, seed, generator, index, steps):
            let rng = try Generator(named: generator)
            let seeds = SeedSequence(master: seed, generator: rng.name)
            guard index >= 0, UInt64(index) < seeds.capacity else {
                throw SpecError.invalid(flag: "--trajectory", value: "\(index)",
                                        accepted: "an index in 0..<\(seeds.capacity) (a run has at most that many distinct seeds)")
            }
            rng.reseed(seeds.seed(for: index))
            var recorder = TraceRecorder<L, O.Vector>(landscape, capacity: steps + 1)
            recorder.observe(start)
            _ = runTrajectory(landscape, optimizer, noise.makeSampler(), EscapeTest(.never, start: start, dimension: landscape.dimension),
                              start: start, maxSteps: steps, rng: rng.source, observer: &recorder)
            return .trace(recorder.trace)
        }
    }
}

/// Records every step for `escapelab trace` (the trajectory itself stops
/// after its first non-finite point).
struct TraceRecorder<L: Landscape, Vector: PointVector>: StepObserver {
    let landscape: L
    var trace: Trace

    init(_ landscape: L, capacity: Int) {
        self.landscape = landscape
        trace = Trace(dimension: landscape.dimension, losses: [], points: [])
        trace.losses.reserveCapacity(capacity)
        trace.points.reserveCapacity(capacity * landscape.dimension)
    }

    mutating func observe(_ x: Vector) {
        trace.losses.append(landscape.loss(at: x))
        for i in 0..<landscape.dimension { trace.points.append(x[i]) }
    }
}

extension Problem {
    /// Runs `plan.trajectories` trajectories (or one shard of them).
    public func run(_ plan: ExecutionPlan) throws -> EnsembleRecords {
        guard case let .ensemble(records) = try landscape.simulate(.ensemble(self, plan)) else {
            fatalError("the engine answers an ensemble job with records")
        }
        return records
    }

    /// The path of trajectory `index` of a run with `seed`, for `steps` steps.
    public func trace(seed: UInt64, steps: Int, index: Int = 0, generator: String = "taus2") throws -> Trace {
        guard case let .trace(t) = try landscape.simulate(.trace(self, seed: seed, generator: generator, index: index, steps: steps)) else {
            fatalError("the engine answers a trace job with a trace")
        }
        return t
    }
}
