// Plain simulation in the basin: the pilot that places A and Sigma, and each
// repetition's basin run, which supplies T0 (start -> first entrance on
// Sigma), the loops (entrance -> back into A -> next entrance) and the N
// entrance states the replicas start from. Entrance states are the chain's
// own first states with xi >= Z_Sigma, overshoot included: placing replicas
// exactly on Sigma biased tau by +25 to +31% (Theory article, § Reference values at high barriers).

/// What one repetition's basin run collected.
@usableFromInline
struct BasinSample<O: Optimizer> {
    /// The entrance states, in the order they were met, and whether each is in B.
    @usableFromInline var pool: [MarkovState<O>] = []
    @usableFromInline var poolInB: [Bool] = []
    /// Sum and count of T0 samples.
    @usableFromInline var entranceSteps = 0, entrances = 0
    /// Sum and count of loops (failed excursion plus the way back to Sigma).
    @usableFromInline var loopSteps = 0, loops = 0
    /// Excursions that reached B before A (each restarts from the start).
    @usableFromInline var escapes = 0
    @usableFromInline var steps = 0
    /// How the run failed (diverged or capped), if it did.
    @usableFromInline var failure: SegmentEnd?

    @inlinable init() {}
}

extension SplittingWorker {
    /// xi along one plain trajectory: a burn-in of `burnIn` steps, then one
    /// sample per step until `samples` are kept; on reaching B the trajectory
    /// restarts from the start (burn-in again) and keeps its samples.
    /// Stops (nil values) after `cap` steps or a divergence.
    @inlinable
    mutating func pilot(burnIn: Int, samples: Int, cap: Int) -> (values: [Double]?, steps: Int, escapes: Int) {
        use(stream: SplittingStreams.pilot)
        var values: [Double] = [], records: [PathRecord<O>] = []
        values.reserveCapacity(samples)
        var steps = 0, escapes = 0
        while steps < cap {
            var s = chain.startState
            switch segment(&s, .sample(burnIn: burnIn, count: samples), records: &records, samples: &values, steps: &steps) {
            case .entered: return (values, steps, escapes)
            case .escaped: escapes += 1
            default: return (nil, steps, escapes)
            }
        }
        return (nil, steps, escapes)
    }

    /// The basin run of repetition `r`: N entrance states, the T0 samples and
    /// the loops, from stream `basin(r)`.
    /// ```
    /// s = start; run until xi >= Z_Sigma or B                 (a T0 sample)
    /// while pool.count < N:
    ///   pool += s
    ///   run until B (an escape) or xi < Z_A
    ///   escape: s = start, run until xi >= Z_Sigma or B       (a T0 sample)
    ///   else:   run on until xi >= Z_Sigma or B               (a loop: from the entrance)
    /// ```
    @inlinable
    mutating func sampleBasin(replicas n: Int, stream: Int) -> BasinSample<O> {
        use(stream: stream)
        var b = BasinSample<O>()
        b.pool.reserveCapacity(n)
        b.poolInB.reserveCapacity(n)
        var s = chain.startState
        func failed(_ end: SegmentEnd) -> Bool { end == .diverged || end == .capped }
        var t0 = 0
        var end = runToSigma(&s, steps: &t0)
        b.entranceSteps += t0; b.entrances += 1; b.steps += t0
        if failed(end) { b.failure = end; return b }
        while b.pool.count < n {
            var inB = end == .escaped
            b.pool.append(s)
            b.poolInB.append(inB)
            var e = 0
            if !inB {
                end = runExcursion(&s, steps: &e)
                b.steps += e
                if failed(end) { b.failure = end; return b }
                inB = end == .escaped
            }
            if inB {
                b.escapes += 1
                s = chain.startState
                t0 = 0
                end = runToSigma(&s, steps: &t0)
                b.entranceSteps += t0; b.entrances += 1; b.steps += t0
                if failed(end) { b.failure = end; return b }
                continue
            }
            var back = 0
            end = runToSigma(&s, steps: &back)
            b.steps += back
            if failed(end) { b.failure = end; return b }
            b.loopSteps += e + back
            b.loops += 1
        }
        return b
    }
}
