import Foundation

// One repetition of generalized adaptive multilevel splitting (GAMS) for a
// discrete-time Markov chain, as in Brehier, Gazeau, Goudenege, Lelievre and
// Rousset, Ann. Appl. Probab. 26 (2016), arXiv:1505.02674. Its unbiasedness
// theorem holds for any importance function, any N and any chain, provided
// exactly these rules are kept (each was measured to matter on this chain:
// DESIGN of issue 8, section 8.1; only small N shows the difference):
//
// 1. every replica whose level is <= the current level Z is killed, ties
//    included, so the number killed K is random (killing one of several
//    tied replicas biased p by +8% at N = 5);
// 2. a killed replica is rebuilt from a survivor drawn uniformly among the
//    replicas not killed in this iteration, copying its path up to its
//    first state with xi > Z, strictly (branching at xi >= Z: -15% at N = 2),
//    and continues with fresh noise from a stream no other path uses;
// 3. the weight is prod (1 - K_q / N); if all N tie (K = N) the repetition
//    stops with the estimate 0, which is part of the unbiased estimator;
// 4. paths stop at A or B; a replica in B has level +inf, so it is never
//    killed, and the algorithm stops when every replica is in B.
//
// Then p_hat = prod_q (1 - K_q / N) (all final replicas are in B) has
// E[p_hat] = P(B before A | the N entrance states), averaged over them: the
// entrance states need no resampling. The full Markov state is copied (point
// and optimizer state): branching from the point alone, with momentum or
// Adam's moments reset, made p_hat 8 to 400 times too small.

/// What one GAMS repetition produced.
@usableFromInline
struct GAMSOutcome {
    @usableFromInline var logWeight = 0.0
    /// All N replicas tied at some level: the estimate is 0.
    @usableFromInline var extinct = false
    /// Stopped by the step cap or the stream budget: failed, no estimate.
    @usableFromInline var capped = false
    @usableFromInline var iterations = 0
    @usableFromInline var maxKilled = 0
    /// Distinct entrance states the final replicas descend from.
    @usableFromInline var ancestors = 0
    /// Mean steps from the entrance to B over the final replicas (nil unless all are in B).
    @usableFromInline var reactiveSteps: Double?
    @usableFromInline var steps = 0
    @usableFromInline var divergedPaths = 0

    @inlinable init() {}

    /// p_hat: 0 when extinct or capped.
    @inlinable var probability: Double { extinct || capped ? 0 : exp(logWeight) }
}

extension SplittingWorker {
    /// GAMS from the entrance states `pool` (`inB` marks those already in B),
    /// on the streams of repetition `r`.
    /// ```
    /// every replica i: records = [(xi~(pool_i), 0, pool_i)], extend      (stream firstRun(r, i))
    /// loop:
    ///   Z = min_i level_i;  Z = +inf: stop (all in B)
    ///   killed = { i : level_i <= Z },  K = |killed|;  K = N: p_hat = 0, stop
    ///   log W += log(1 - K/N)
    ///   each killed i: s = uniform survivor (stream selection(r));
    ///     records_i = records_s up to the first with level > Z; extend   (next branch stream)
    /// p_hat = W
    /// ```
    @inlinable
    mutating func splitting(pool: [MarkovState<O>], inB: [Bool], repetition r: Int) -> GAMSOutcome {
        let n = pool.count
        var out = GAMSOutcome()
        var replicas: [Replica<O>] = []
        replicas.reserveCapacity(n)
        for i in 0..<n {
            replicas.append(Replica(entrance: pool[i], level: inB[i] ? .infinity : chain.xi(pool[i]), ancestor: i))
        }
        func finish(_ end: SegmentEnd) -> Bool {
            if end == .diverged { out.divergedPaths += 1 }
            if end == .capped { out.capped = true }
            return end == .capped
        }
        for i in 0..<n {
            use(stream: SplittingStreams.firstRun(r, replica: i))
            if finish(extend(&replicas[i], steps: &out.steps)) { return out }
        }
        selection.reseed(seeds.seed(for: SplittingStreams.selection(r)))
        let pick = selection.source
        var killed: [Int] = [], survivors: [Int] = []
        killed.reserveCapacity(n)
        survivors.reserveCapacity(n)
        var branches = 0
        while true {
            var z = Double.infinity
            for i in 0..<n where replicas[i].level < z { z = replicas[i].level }
            if z == .infinity { break }
            killed.removeAll(keepingCapacity: true)
            survivors.removeAll(keepingCapacity: true)
            for i in 0..<n {
                if replicas[i].level <= z { killed.append(i) } else { survivors.append(i) }
            }
            out.maxKilled = max(out.maxKilled, killed.count)
            if survivors.isEmpty {
                out.extinct = true
                return out
            }
            out.logWeight += log1p(-Double(killed.count) / Double(n))
            out.iterations += 1
            for i in killed {
                guard let stream = SplittingStreams.branch(r, replicas: n, count: branches) else {
                    out.capped = true
                    return out
                }
                branches += 1
                let s = survivors[pick.index(below: survivors.count)]
                // Levels along the records increase strictly up to the
                // survivor's level > Z, so the search always succeeds.
                var j = 0
                while !(replicas[s].records[j].level > z) { j += 1 }
                let prefix = replicas[s].records[0...j]
                replicas[i].records.removeAll(keepingCapacity: true)
                replicas[i].records.append(contentsOf: prefix)
                replicas[i].ancestor = replicas[s].ancestor
                replicas[i].diverged = false
                use(stream: stream)
                if finish(extend(&replicas[i], steps: &out.steps)) { return out }
            }
        }
        var total = 0.0
        var seen = [Bool](repeating: false, count: n)
        for rep in replicas {
            total += Double(rep.duration)
            if !seen[rep.ancestor] { seen[rep.ancestor] = true; out.ancestors += 1 }
        }
        out.reactiveSteps = total / Double(n)
        return out
    }
}
