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

    /// Runs `s` until xi >= Z_Sigma (`entered`) or B; adds the steps to `n`.
    @inlinable
    mutating func runToSigma(_ s: inout MarkovState<O>, steps n: inout Int) -> SegmentEnd {
        let rng = dynamics.source, level = chain.level
        var k = 0
        while k < chain.segmentCap {
            k &+= 1
            if step(&s, rng) {
                n += k
                return chain.isFinite(s) ? .escaped : .diverged
            }
            if chain.xi(s) >= level { n += k; return .entered }
        }
        n += k
        return .capped
    }

    /// Runs `s` until B or xi < Z_A (`returned`); adds the steps to `n`.
    @inlinable
    mutating func runExcursion(_ s: inout MarkovState<O>, steps n: inout Int) -> SegmentEnd {
        let rng = dynamics.source, basin = chain.basin
        var k = 0
        while k < chain.segmentCap {
            k &+= 1
            if step(&s, rng) {
                n += k
                return chain.isFinite(s) ? .escaped : .diverged
            }
            if chain.xi(s) < basin { n += k; return .returned }
        }
        n += k
        return .capped
    }

    /// Continues a replica from its last record until B or xi < Z_A,
    /// recording every new strict maximum of xi (and the state in B, level
    /// +inf). A replica whose last record is in B is a finished copy: no steps.
    @inlinable
    mutating func extend(_ r: inout Replica<O>, steps n: inout Int) -> SegmentEnd {
        let last = r.records[r.records.count - 1]
        if last.level == .infinity {
            r.level = .infinity
            r.duration = last.step
            return .escaped
        }
        let rng = dynamics.source, basin = chain.basin
        var s = last.state, m = last.level, t = last.step
        var k = 0
        while k < chain.segmentCap {
            k &+= 1
            t &+= 1
            if step(&s, rng) {
                n += k
                r.duration = t
                guard chain.isFinite(s) else { r.level = m; r.diverged = true; return .diverged }
                r.records.append(PathRecord(level: .infinity, step: t, state: s))
                r.level = .infinity
                return .escaped
            }
            let xi = chain.xi(s)
            if xi < basin {
                n += k
                r.level = m
                r.duration = t
                return .returned
            }
            if xi > m {
                m = xi
                r.records.append(PathRecord(level: xi, step: t, state: s))
            }
        }
        n += k
        return .capped
    }
}
