import EscapeLabTestSupport
import Foundation
import Testing
@testable import EscapeLab

/// Same seed, same records, bit for bit, whatever the thread count or
/// sharding; a different seed gives different records.
@Suite struct DeterminismTests {
    /// One problem per engine path: the specialised fast path (diagonal
    /// Gaussian + coordinate threshold), the general noise sampler with a
    /// radius criterion, an optimizer with state, and heavy-tailed noise.
    static let problems: [Problem] = [
        Problem(landscape: DoubleWell(), learningRate: 0.01, noise: .gaussian(sigma: 7), maxSteps: 200_000),
        Problem(landscape: Saddle(negative: 0.2, positive: 1, dimension: 3), optimizer: .adam(AdamConfig()),
                learningRate: 0.01, noise: .sgd(batch: 1, localHessian: false), maxSteps: 20_000),
        Problem(landscape: StyblinskiTang(dimension: 2, k: 1), optimizer: .sgd(SGDConfig(momentum: 0.9)),
                learningRate: 0.002, noise: .levy(alpha: 1.5, scale: 3), maxSteps: 5_000),
        Problem(landscape: Quadratic(k: 1, dimension: 2, anisotropy: 3, angle: 20), optimizer: .adai(AdaiConfig()),
                learningRate: 0.05, noise: .sgd(batch: 2, localHessian: true), escape: .radius(0.3), maxSteps: 3_000),
    ]

    /// Runs `p` on 1 thread, expects the same records on 2 and 8, returns them.
    static func expectThreadInvariant(_ p: Problem, trajectories: Int, seed: UInt64) throws -> EnsembleRecords {
        let one = try p.run(ExecutionPlan(trajectories: trajectories, seed: seed, threads: 1))
        for threads in [2, 8] {
            let other = try p.run(ExecutionPlan(trajectories: trajectories, seed: seed, threads: threads))
            #expect(other == one, "threads \(threads) differ for \(p.landscape.spec), \(p.noise.spec)")
        }
        return one
    }

    @Test(arguments: 0..<problems.count)
    func recordsDoNotDependOnThreadCount(_ k: Int) throws {
        let p = Self.problems[k]
        let one = try Self.expectThreadInvariant(p, trajectories: 300, seed: 42)
        #expect(one.outcomes.contains(.escaped) || p.escape == .never)
    }

    @Test(arguments: 0..<problems.count)
    func fourShardsMergeIntoTheSingleRun(_ k: Int) throws {
        let p = Self.problems[k]
        let whole = ExecutionPlan(trajectories: 301, seed: 7, threads: 2)
        let single = try p.run(whole)
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [String] = []
        for i in [2, 0, 3, 1] {   // any order
            var plan = whole
            plan.shard = Shard(index: i, count: 4)
            let part = try p.run(plan)
            #expect(part.indices == plan.shard.range(of: 301))
            files.append("\(dir)/shard\(i)")
            try ShardFile.write(part, report: RunReport(problem: p, plan: plan, records: part), to: files.last!)
        }
        let collected = RecordCollector()
        let merged = try ShardMerge.merge(paths: files, records: collected)
        #expect(collected.records(merged.completed, dimension: p.dimension, trajectories: 301) == single)
        let direct = RunReport(problem: p, plan: whole, records: single)
        #expect(merged.summary == direct.summary)
        // The whole summary JSON agrees but for the timing fields.
        func strip(_ v: JSONValue) -> String {
            guard case let .object(f) = v else { return v.rendered() }
            return JSONValue.object(f.filter { !["elapsed_seconds", "steps_per_second", "threads"].contains($0.0) }).rendered()
        }
        #expect(strip(merged.json()) == strip(direct.json()))
    }

    @Test func aDifferentSeedGivesDifferentRecords() throws {
        let p = Self.problems[0]
        let a = try p.run(ExecutionPlan(trajectories: 100, seed: 1, threads: 2))
        let b = try p.run(ExecutionPlan(trajectories: 100, seed: 2, threads: 2))
        #expect(a.steps != b.steps)
        #expect(a.finalPoints != b.finalPoints)
    }

    /// `trace --trajectory i` replays trajectory i of a run: the point at its
    /// escape step is the run's recorded final point, on every engine path.
    @Test(arguments: 0..<problems.count)
    func traceReplaysTheRunsTrajectory(_ k: Int) throws {
        let p = Self.problems[k]
        let r = try p.run(ExecutionPlan(trajectories: 20, seed: 11, threads: 2))
        for i in [0, 7, 19] {
            let steps = r.steps[i]
            guard steps > 0 else { continue }
            let t = try p.trace(seed: 11, steps: steps, index: i)
            #expect(Array(t.point(steps)) == Array(r.finalPoint(i)), "trajectory \(i) of \(p.landscape.spec)")
            #expect(t.count == steps + 1 || r.outcomes[i] == .diverged)
        }
    }

    @Test func otherGeneratorsAreDeterministicToo() throws {
        let p = Self.problems[0]
        for name in ["mt19937", "taus113", "gfsr4"] {
            let a = try p.run(ExecutionPlan(trajectories: 40, seed: 3, threads: 1, generator: name))
            let b = try p.run(ExecutionPlan(trajectories: 40, seed: 3, threads: 8, generator: name))
            #expect(a == b, "\(name)")
            let taus = try p.run(ExecutionPlan(trajectories: 40, seed: 3, threads: 1))
            #expect(a.steps != taus.steps, "\(name) gives the same stream as taus2")
        }
    }

    /// Records compare final points bit for bit, but any two NaNs are equal
    /// (a diverged point's NaN payload does not survive a shard file), and
    /// -0.0 still differs from 0.0.
    @Test func recordsCompareBitsExceptNaNPayloads() {
        func records(_ x: Double) -> EnsembleRecords {
            EnsembleRecords(dimension: 1, trajectories: 2, indices: 0..<2, outcomes: [.diverged, .escaped], steps: [3, 4],
                            finalPoints: [x, 1.5], elapsedSeconds: 0, threads: 1)
        }
        let quiet = Double.nan, payload = Double(nan: 0x2a, signaling: false), negative = -Double.nan
        #expect(quiet.bitPattern != payload.bitPattern && quiet.bitPattern != negative.bitPattern)
        #expect(records(quiet) == records(payload) && records(quiet) == records(negative))
        #expect(records(0.0) != records(-0.0))
        #expect(records(quiet) != records(.infinity))
    }
}
