// From runtime choices to specialised code. `Landscape.simulate` (a protocol
// requirement whose default lands here) opens the landscape's concrete type;
// the switches below pick the storage and the optimizer type. Every
// combination is therefore compiled as its own hot loop with no existential,
// no witness-table call and no allocation per step, in the module that
// declares the landscape (everything here is inlinable for that reason).

@usableFromInline
enum Engine {
    @inlinable
    static func simulate<L: Landscape>(_ landscape: L, _ job: SimulationJob) throws -> SimulationOutput {
        try job.problem.validate()
        let d = landscape.dimension
        if job.dynamicStorage { return try simulate(landscape, DynamicVector.self, job) }
        switch d {
        case 1: return try simulate(landscape, Point1.self, job)
        case 2: return try simulate(landscape, SIMD2<Double>.self, job)
        case 3...4: return try simulate(landscape, SIMD4<Double>.self, job)
        case 5...8: return try simulate(landscape, SIMD8<Double>.self, job)
        case 9...maximumFixedDimension: return try simulate(landscape, SIMD16<Double>.self, job)
        default: return try simulate(landscape, DynamicVector.self, job)
        }
    }

    /// The engine for a landscape whose storage its type fixes.
    @inlinable
    static func simulate<L: Landscape, V: PointVector>(_ landscape: L, _ job: SimulationJob, storage: V.Type) throws -> SimulationOutput {
        try job.problem.validate()
        precondition(landscape.dimension <= V.capacity, "\(L.self).Storage holds \(V.capacity) coordinates, not \(landscape.dimension)")
        if job.dynamicStorage { return try simulate(landscape, DynamicVector.self, job) }
        return try simulate(landscape, V.self, job)
    }

    @inlinable
    static func simulate<L: Landscape, V: PointVector>(_ landscape: L, _: V.Type, _ job: SimulationJob) throws -> SimulationOutput {
        let p = job.problem
        let lr = p.learningRate
        switch p.optimizer {
        case let .sgd(c) where c.isPlain: return try simulate(landscape, PlainSGD<V>(lr: lr), job)
        case let .sgd(c): return try simulate(landscape, SGD<V>(lr: lr, c), job)
        case let .adam(c): return try simulate(landscape, Adam<V>(lr: lr, c), job)
        case let .rmsprop(c): return try simulate(landscape, RMSprop<V>(lr: lr, c), job)
        case let .adagrad(c): return try simulate(landscape, Adagrad<V>(lr: lr, c), job)
        case let .adai(c): return try simulate(landscape, Adai<V>(lr: lr, dimension: landscape.dimension, c), job)
        }
    }

    @inlinable
    static func simulate<L: Landscape, O: Optimizer>(_ landscape: L, _ optimizer: O, _ job: SimulationJob) throws -> SimulationOutput {
        let p = job.problem
        let noise = try NoiseModel<O.Vector>(p.noise, landscape: landscape, start: p.start)
        let start = O.Vector(p.start)
        switch job {
        case let .ensemble(_, plan):
            let sink = RecordCollector()
            let r = try stream(landscape, optimizer, noise, start, p, plan, sink, StopFlag())
            return .ensemble(sink.records(r, dimension: landscape.dimension, trajectories: plan.trajectories))
        case let .stream(_, plan, sink, stop):
            return .stream(try stream(landscape, optimizer, noise, start, p, plan, sink, stop))
        case let .splitting(_, plan):
            // One kernel, the general sampler and criterion (the same results
            // as the fast path): splitting needs few steps, and one copy of
            // its loop per landscape, storage and optimizer keeps the build small.
            let xi = try ReactionCoordinate<O.Vector>(plan.coordinate, landscape: landscape, start: p.start, escape: p.escape)
            return .splitting(try Splitting.run(landscape: landscape, optimizer: optimizer, noise: noise,
                                                escape: EscapeTest(p.escape, start: start, dimension: landscape.dimension),
                                                coordinate: xi, start: start, maxSteps: p.maxSteps, plan: plan))
        case let .trace(_, seed, generator, index, steps):
            return .trace(try Ensemble.trace(landscape: landscape, optimizer: optimizer, noise: noise, start: start,
                                             seed: seed, generator: generator, index: index, steps: steps))
        }
    }
}

extension Engine {
    @inlinable
    static func stream<L: Landscape, O: Optimizer>(_ landscape: L, _ optimizer: O, _ noise: NoiseModel<O.Vector>, _ start: O.Vector,
                                                   _ p: Problem, _ plan: ExecutionPlan, _ sink: any RecordSink,
                                                   _ stop: StopFlag) throws -> StreamResult {
        // The fast kernel: diagonal Gaussian noise, with a coordinate
        // threshold (W1 and every 1-D well study) or any other criterion
        // (radius from a saddle, W3: the general sampler's per-step switch
        // cost a quarter of that run at d = 256). Everything else runs the
        // general noise sampler and escape test, with the same results.
        let test = EscapeTest(p.escape, start: start, dimension: landscape.dimension)
        if let white = noise.diagonalGaussian {
            if let threshold = ThresholdCheck<O.Vector>(p.escape) {
                return try Ensemble.stream(landscape: landscape, optimizer: optimizer, noise: white, escape: threshold,
                                           start: start, maxSteps: p.maxSteps, plan: plan, into: sink, stop: stop)
            }
            return try Ensemble.stream(landscape: landscape, optimizer: optimizer, noise: white, escape: test,
                                       start: start, maxSteps: p.maxSteps, plan: plan, into: sink, stop: stop)
        }
        return try Ensemble.stream(landscape: landscape, optimizer: optimizer, noise: noise, escape: test,
                                   start: start, maxSteps: p.maxSteps, plan: plan, into: sink, stop: stop)
    }
}

extension Problem {
    /// Runs the plan's pending trajectories with their records handed to
    /// `sink` in index order as they finish; `stop` ends it at a trajectory
    /// boundary (the completed indices are then a prefix).
    public func stream(_ plan: ExecutionPlan, into sink: any RecordSink, stop: StopFlag = StopFlag()) throws -> StreamResult {
        guard case let .stream(r) = try landscape.simulate(.stream(self, plan, sink: sink, stop: stop)) else {
            preconditionFailure("the engine answers a stream job with a stream result")
        }
        return r
    }

    /// Runs `plan.trajectories` trajectories (or one shard of them).
    public func run(_ plan: ExecutionPlan) throws -> EnsembleRecords {
        guard case let .ensemble(records) = try landscape.simulate(.ensemble(self, plan)) else {
            preconditionFailure("the engine answers an ensemble job with records")
        }
        return records
    }

    /// The mean escape time by adaptive multilevel splitting (``Splitting``).
    public func runSplitting(_ plan: SplittingPlan) throws -> SplittingResult {
        guard case let .splitting(result) = try landscape.simulate(.splitting(self, plan)) else {
            preconditionFailure("the engine answers a splitting job with a splitting result")
        }
        return result
    }

    /// The path of trajectory `index` of a run with `seed`, for `steps` steps.
    public func trace(seed: UInt64, steps: Int, index: Int = 0, generator: String = "taus2") throws -> Trace {
        guard case let .trace(t) = try landscape.simulate(.trace(self, seed: seed, generator: generator, index: index, steps: steps)) else {
            preconditionFailure("the engine answers a trace job with a trace")
        }
        return t
    }
}
