// The chain every splitting trajectory follows, and one worker's means to
// run it. A step is the engine's own `advance` (noise sampler, optimizer
// step, criterion and finiteness check: Engine/Trajectory.swift); what is
// added per step is one evaluation of the reaction coordinate.
//
// A segment runs until it meets its target set, stopping early at B (a
// finite state meeting the escape criterion) or at a non-finite state
// (diverged), and is capped at the problem's max-steps: a capped segment
// fails its repetition, it is never cut short into an estimate.

/// How a segment of the chain ended.
@usableFromInline
enum SegmentEnd: Equatable {
    /// xi >= Z_Sigma: an entrance on Sigma.
    case entered
    /// xi < Z_A: back in the basin.
    case returned
    /// In B.
    case escaped
    case diverged
    /// max-steps steps without an end.
    case capped
}

/// The model of a splitting run: the chain and the sets A = {xi < Z_A},
/// Sigma = {xi = Z_Sigma} and B (the escape criterion).
@usableFromInline
struct SplittingChain<L: Landscape, O: Optimizer, C: EscapeCheck>: Sendable where C.Vector == O.Vector {
    @usableFromInline let landscape: L
    @usableFromInline let optimizer: O
    @usableFromInline let test: C
    @usableFromInline let coordinate: ReactionCoordinate<O.Vector>
    @usableFromInline let start: O.Vector
    /// Z_A and Z_Sigma.
    @usableFromInline var basin: Double
    @usableFromInline var level: Double
    @usableFromInline let segmentCap: Int

    @inlinable
    init(landscape: L, optimizer: O, test: C, coordinate: ReactionCoordinate<O.Vector>, start: O.Vector,
         basin: Double, level: Double, segmentCap: Int) {
        self.landscape = landscape
        self.optimizer = optimizer
        self.test = test
        self.coordinate = coordinate
        self.start = start
        self.basin = basin
        self.level = level
        self.segmentCap = segmentCap
    }

    /// The state every run starts from: the start point, a fresh optimizer.
    @inlinable
    var startState: MarkovState<O> {
        MarkovState(x: start, optimizer: optimizer.initialState(dimension: landscape.dimension))
    }

    @inlinable
    func xi(_ s: MarkovState<O>) -> Double { coordinate.value(at: s.x, landscape) }

    @inlinable
    func inB(_ s: MarkovState<O>) -> Bool { test.isMet(s.x, landscape) }

    @inlinable
    func isFinite(_ s: MarkovState<O>) -> Bool {
        s.x.isFinite(dimension: landscape.dimension) && optimizer.isFinite(s.optimizer)
    }
}

/// One worker's sampler, gradient buffer and two GSL generators: `dynamics`
/// (reseeded for every stream a path draws from) and `selection` (the
/// survivor draws of a repetition).
@usableFromInline
struct SplittingWorker<L: Landscape, O: Optimizer, N: NoiseKernel, C: EscapeCheck>
where N.Vector == O.Vector, C.Vector == O.Vector {
    @usableFromInline var chain: SplittingChain<L, O, C>
    @usableFromInline var sampler: N.Sampler
    @usableFromInline var gradient: O.Vector
    @usableFromInline let dynamics: Generator
    @usableFromInline let selection: Generator
    @usableFromInline var seeds: SeedSequence

    @inlinable
    init(_ chain: SplittingChain<L, O, C>, noise: N, generator: String, seeds: SeedSequence) throws {
        self.chain = chain
        sampler = noise.makeSampler()
        gradient = O.Vector(zeros: chain.landscape.dimension)
        dynamics = try Generator(named: generator)
        selection = try Generator(named: generator)
        self.seeds = seeds
    }

    /// Restarts the dynamics on stream `index` of the run.
    @inlinable
    func use(stream index: Int) { dynamics.reseed(seeds.seed(for: index)) }

    /// One step of the engine's chain; true when it stops (B or non-finite).
    @inlinable @inline(__always)
    mutating func step(_ s: inout MarkovState<O>, _ rng: RandomSource) -> Bool {
        advance(chain.landscape, chain.optimizer, &sampler, chain.test, &s.x, &s.optimizer, rng: rng, gradient: &gradient)
    }

    /// Runs `s` until `goal` is met, B is reached (`escaped`), a state is
    /// non-finite (`diverged`) or `segmentCap` steps have passed (`capped`);
    /// adds the steps to `n`. The one loop every splitting trajectory runs
    /// (one copy of the inlined step per specialisation keeps the build small):
    /// ```
    /// enter:           xi >= Z_Sigma                           -> entered
    /// leave:           xi <  Z_A                               -> returned
    /// extend(m, t0):   xi <  Z_A -> returned; xi > m: m = xi, records += (xi, t0 + k, s)
    /// sample(b, c):    after b steps, samples += xi until c samples -> entered
    /// ```
    @inlinable
    mutating func segment(_ s: inout MarkovState<O>, _ goal: SegmentGoal, records: inout [PathRecord<O>],
                          samples: inout [Double], steps n: inout Int) -> SegmentEnd {
        let rng = dynamics.source, basin = chain.basin, level = chain.level
        var m = 0.0, t0 = 0, burnIn = 0, count = 0
        switch goal {
        case let .extend(max, step): m = max; t0 = step
        case let .sample(b, c): burnIn = b; count = c
        default: break
        }
        var k = 0
        while k < chain.segmentCap {
            k &+= 1
            if step(&s, rng) {
                n += k
                return chain.isFinite(s) ? .escaped : .diverged
            }
            let xi = chain.xi(s)
            switch goal {
            case .enter:
                if xi >= level { n += k; return .entered }
            case .leave:
                if xi < basin { n += k; return .returned }
            case .extend:
                if xi < basin { n += k; return .returned }
                if xi > m {
                    m = xi
                    records.append(PathRecord(level: xi, step: t0 + k, state: s))
                }
            case .sample:
                if k > burnIn {
                    samples.append(xi)
                    if samples.count >= count { n += k; return .entered }
                }
            }
        }
        n += k
        return .capped
    }

    /// Runs `s` until xi >= Z_Sigma (`entered`) or B; adds the steps to `n`.
    @inlinable
    mutating func runToSigma(_ s: inout MarkovState<O>, steps n: inout Int) -> SegmentEnd {
        var records: [PathRecord<O>] = [], samples: [Double] = []
        return segment(&s, .enter, records: &records, samples: &samples, steps: &n)
    }

    /// Runs `s` until B or xi < Z_A (`returned`); adds the steps to `n`.
    @inlinable
    mutating func runExcursion(_ s: inout MarkovState<O>, steps n: inout Int) -> SegmentEnd {
        var records: [PathRecord<O>] = [], samples: [Double] = []
        return segment(&s, .leave, records: &records, samples: &samples, steps: &n)
    }

    /// Continues a replica from its last record until B or xi < Z_A,
    /// recording every new strict maximum of xi (and the state in B, level
    /// +inf). A replica whose last record is in B is a finished copy: no steps.
    @inlinable
    mutating func extend(_ r: inout Replica<O>, steps n: inout Int) -> SegmentEnd {
        let last = r.records[r.records.count - 1]
        r.duration = last.step
        if last.level == .infinity {
            r.level = .infinity
            return .escaped
        }
        var s = last.state
        var k = 0, samples: [Double] = []
        let end = segment(&s, .extend(max: last.level, step: last.step), records: &r.records, samples: &samples, steps: &k)
        n += k
        r.duration = last.step + k
        if end == .escaped { r.records.append(PathRecord(level: .infinity, step: last.step + k, state: s)) }
        r.level = end == .escaped ? .infinity : r.records[r.records.count - 1].level
        r.diverged = end == .diverged
        return end
    }
}

/// What a segment runs until (``SplittingWorker/segment(_:_:records:samples:steps:)``).
@usableFromInline
enum SegmentGoal {
    case enter
    case leave
    /// Extend a replica whose running maximum is `max` at step `step`.
    case extend(max: Double, step: Int)
    /// Record xi after a burn-in until `count` samples are held.
    case sample(burnIn: Int, count: Int)
}
