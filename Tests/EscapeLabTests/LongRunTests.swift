import EscapeLabTestSupport
import Foundation
import Testing
@testable import EscapeLab

/// Long runs lose nothing: SIGINT, SIGTERM and SIGKILL at random moments of a
/// multi-second run with --checkpoint, then --resume, give records and a
/// summary identical to the uninterrupted run; no temporary file survives a
/// SIGINT or SIGTERM, and a SIGKILL loses at most one checkpoint interval.
@Suite(.serialized) struct LongRunTests {
    /// About 9e8 steps (4 s on 2 cores): every moment below falls inside it.
    static let problem = ["--landscape", "double-well", "--noise", "gaussian:sigma=5.5", "--lr", "0.01", "--escape", "x0>=1",
                          "--trajectories", "10000", "--max-steps", "400000", "--seed", "21", "--threads", "2", "--quiet",
                          "--format", "json"]
    /// Six times longer, for the SIGKILL-interval test (killed after 2.5 s).
    static let longProblem = problem.map { $0 == "10000" ? "60000" : $0 }

    /// The summary JSON without the timing fields.
    static func summary(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !["elapsed_seconds", "steps_per_second", "threads"].contains(where: $0.contains) }
            .joined(separator: "\n")
    }

    /// Starts the run, sends `signal` after `delay` seconds, waits.
    static func interrupted(_ args: [String], signal: Int32, after delay: Double) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestSupport.escapelabBinary)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: delay)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func interruptedAndResumedRunsEqualTheUninterruptedOne() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = try TestSupport.run(["run"] + Self.problem + ["--output", "\(dir)/whole.json", "--records", "\(dir)/whole.csv"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let reference = try Self.summary("\(dir)/whole.json")
        let csv = try String(contentsOfFile: "\(dir)/whole.csv", encoding: .utf8)
        // Ten moments, a fixed sequence, spread over the run's first seconds.
        let moments = [0.3, 1.7, 0.9, 2.4, 0.5, 1.3, 2.0, 0.7, 1.1, 1.9]
        let signals = [SIGINT, SIGTERM, SIGKILL, SIGINT, SIGKILL, SIGTERM, SIGINT, SIGKILL, SIGTERM, SIGINT]
        for (k, (delay, sig)) in zip(moments, signals).enumerated() {
            let out = "\(dir)/\(k)", ck = "\(dir)/\(k).checkpoint"
            let args = ["run"] + Self.problem + ["--output", "\(out).json", "--records", "\(out).csv",
                                                  "--checkpoint", ck, "--checkpoint-every", "0.2"]
            let status = try Self.interrupted(args, signal: sig, after: delay)
            if status == 0 {
                // Finished before the signal: nothing to resume, the outputs are final.
            } else {
                #expect(status == (sig == SIGKILL ? 128 + 9 : 128 + sig) || (sig == SIGKILL && status == 9),
                        "signal \(sig): status \(status)")
                let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
                if sig != SIGKILL { #expect(left.isEmpty, "temporaries left after signal \(sig): \(left)") }
                for t in left { try? FileManager.default.removeItem(atPath: "\(dir)/\(t)") }
                let r = try TestSupport.run(["run"] + Self.problem + ["--output", "\(out).json", "--records", "\(out).csv",
                                                                      "--resume", ck])
                #expect(r.status == 0, "resume after signal \(sig) at \(delay) s: \(r.stderr)")
            }
            #expect(try String(contentsOfFile: "\(out).csv", encoding: .utf8) == csv, "records after signal \(sig) at \(delay) s")
            #expect(try Self.summary("\(out).json") == reference, "summary after signal \(sig) at \(delay) s")
        }
    }

    @Test func aSIGKILLLosesAtMostOneCheckpointInterval() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ck = "\(dir)/ck"
        // Killed 2.5 s in with checkpoints every 0.5 s: the last checkpoint
        // was taken within one interval of the kill (1 s of slack for process
        // start-up and a loaded machine), so it covers at least 1 s of work.
        _ = try Self.interrupted(["run"] + Self.longProblem + ["--checkpoint", ck, "--checkpoint-every", "0.5"], signal: SIGKILL, after: 2.5)
        let (h, handle) = try ShardFile.header(ck)
        try? handle.close()
        #expect(h.elapsedSeconds >= 2.5 - 0.5 - 1, "last checkpoint at \(h.elapsedSeconds) s of a run killed at 2.5 s")
        #expect(h.count > 0 && h.count < h.range.count)
    }
}
