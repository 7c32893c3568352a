import EscapeLabTestSupport
import Foundation
import Testing

/// Bad input: one line on stderr naming what was wrong and what is accepted,
/// exit 64 (usage), 65 (bad data) or 74 (I/O), and no output file left.
@Suite struct CLIErrorTests {
    struct Case: CustomStringConvertible, Sendable {
        let arguments: [String]
        let status: Int32
        /// Text the message must contain (the bad flag or value).
        let mentions: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let runCases: [Case] = [
        Case(arguments: ["--landscape", "mountain"], status: 64, mentions: "--landscape"),
        Case(arguments: ["--landscape", "double-well:barrier=abc"], status: 64, mentions: "barrier"),
        Case(arguments: ["--landscape", "double-well:barrier=-1"], status: 64, mentions: "> 0"),
        Case(arguments: ["--landscape", "double-well:k=inf"], status: 64, mentions: "finite"),
        Case(arguments: ["--landscape", "double-well:height=1"], status: 64, mentions: "height"),
        Case(arguments: ["--landscape", "double-well:barrier"], status: 64, mentions: "key=value"),
        Case(arguments: ["--landscape", "styblinski-tang:dim=5000"], status: 64, mentions: "dim"),
        Case(arguments: ["--optimizer", "lbfgs"], status: 64, mentions: "--optimizer"),
        Case(arguments: ["--optimizer", "adam:beta1=1.5"], status: 64, mentions: "beta1"),
        Case(arguments: ["--optimizer", "sgd:nesterov=true"], status: 64, mentions: "nesterov"),
        Case(arguments: ["--optimizer", "adam:eps=0"], status: 64, mentions: "eps"),
        Case(arguments: ["--optimizer", "sgd:momentum=0.9,momentum=0.5"], status: 64, mentions: "momentum"),
        Case(arguments: ["--noise", "pink"], status: 64, mentions: "--noise"),
        Case(arguments: ["--noise", "gaussian:sigma=nan"], status: 64, mentions: "sigma"),
        Case(arguments: ["--noise", "sgd:batch=0"], status: 64, mentions: "batch"),
        Case(arguments: ["--noise", "sgd:batch=2.5"], status: 64, mentions: "batch"),
        Case(arguments: ["--noise", "levy:alpha=3"], status: 64, mentions: "alpha"),
        Case(arguments: ["--noise", "sgd:batch=1,hessian=global"], status: 64, mentions: "hessian"),
        Case(arguments: ["--noise", "minibatch:batch=4"], status: 64, mentions: "finite-sum"),
        Case(arguments: ["--lr", "-0.1"], status: 64, mentions: "--lr"),
        Case(arguments: ["--lr", "0"], status: 64, mentions: "--lr"),
        Case(arguments: ["--lr", "fast"], status: 64, mentions: "lr"),
        Case(arguments: ["--lr", "nan"], status: 64, mentions: "--lr"),
        Case(arguments: ["--trajectories", "0"], status: 64, mentions: "--trajectories"),
        Case(arguments: ["--trajectories", "-5"], status: 64, mentions: "--trajectories"),
        Case(arguments: ["--max-steps", "0"], status: 64, mentions: "--max-steps"),
        Case(arguments: ["--start", "1,2"], status: 64, mentions: "--start"),
        Case(arguments: ["--start", "left"], status: 64, mentions: "--start"),
        Case(arguments: ["--start", "inf"], status: 64, mentions: "--start"),
        Case(arguments: ["--landscape", "saddle:dim=3", "--start", "0,0"], status: 64, mentions: "3 comma-separated"),
        Case(arguments: ["--escape", "x3>=1"], status: 64, mentions: "--escape"),
        Case(arguments: ["--escape", "outside"], status: 64, mentions: "--escape"),
        Case(arguments: ["--escape", "radius=-1"], status: 64, mentions: "--escape"),
        Case(arguments: ["--shard", "4/4"], status: 64, mentions: "--shard"),
        Case(arguments: ["--shard", "a/b"], status: 64, mentions: "--shard"),
        Case(arguments: ["--threads", "0"], status: 64, mentions: "--threads"),
        Case(arguments: ["--seed", "-1"], status: 64, mentions: "--seed"),
        Case(arguments: ["--rng", "dice"], status: 64, mentions: "--rng"),
        Case(arguments: ["--rng", "ranlxd2"], status: 64, mentions: "taus2"),
        Case(arguments: ["--landscape", "mount\nain\u{1b}[2J"], status: 64, mentions: "mount\\nain\\u{1B}[2J"),
        Case(arguments: ["--format", "xml"], status: 64, mentions: "--format"),
        Case(arguments: ["--frobnicate"], status: 64, mentions: "frobnicate"),
        Case(arguments: ["--output", "/nonexistent-dir/out.json"], status: 74, mentions: "/nonexistent-dir"),
        Case(arguments: ["--records", "/etc/hostname/records.csv"], status: 74, mentions: "records.csv"),
        Case(arguments: ["--output", "/tmp"], status: 74, mentions: "directory"),
    ]

    static func check(_ result: TestSupport.ProcessResult, _ c: Case) {
        #expect(result.status == c.status, "\(c): status \(result.status), stderr \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 1, "\(c): stderr was \(result.stderr)")
        #expect(result.stderr.hasPrefix("escapelab: error: "), "\(c): \(result.stderr)")
        #expect(result.stderr.contains(c.mentions), "\(c): '\(result.stderr)' does not mention \(c.mentions)")
        #expect(result.stdout.isEmpty, "\(c): printed \(result.stdout)")
    }

    @Test(arguments: runCases)
    func runRejects(_ c: Case) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var args = ["run", "--trajectories", "3", "--max-steps", "10"] + c.arguments
        // Every case also asks for an output file, which must not appear.
        let output = "\(dir)/summary.json", records = "\(dir)/records.csv"
        if !c.arguments.contains("--output") { args += ["--output", output] }
        if !c.arguments.contains("--records") { args += ["--records", records] }
        Self.check(try TestSupport.run(args), c)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "\(c) left files behind")
    }

    @Test func traceAndTheoryRejectBadInput() throws {
        let cases = [
            Case(arguments: ["trace", "--steps", "0"], status: 64, mentions: "--steps"),
            Case(arguments: ["trace", "--trajectory", "-1"], status: 64, mentions: "--trajectory"),
            Case(arguments: ["trace", "--landscape", "saddle", "--start", "1"], status: 64, mentions: "--start"),
            Case(arguments: ["theory", "--format", "yaml"], status: 64, mentions: "--format"),
            Case(arguments: ["trace", "--trajectory", "4294967296"], status: 64, mentions: "--trajectory"),
            Case(arguments: ["bench", "--seed", "-1"], status: 64, mentions: "--seed"),
            Case(arguments: ["list", "colours"], status: 64, mentions: "colours"),
            Case(arguments: ["simulate"], status: 64, mentions: "simulate"),
        ]
        for c in cases { Self.check(try TestSupport.run(c.arguments), c) }
    }

    /// merge: corrupt, mismatched, incomplete or duplicated shards are bad
    /// data (65); a missing file is an I/O error (74); nothing is written.
    @Test func mergeRejectsBadShards() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func shard(_ i: Int, of n: Int, seed: Int = 5, name: String) throws -> String {
            let path = "\(dir)/\(name)"
            let r = try TestSupport.run(["run", "--trajectories", "20", "--max-steps", "200", "--seed", "\(seed)",
                                         "--shard", "\(i)/\(n)", "--output", path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
        let s0 = try shard(0, of: 2, name: "s0.json"), s1 = try shard(1, of: 2, name: "s1.json")
        let other = try shard(1, of: 2, seed: 6, name: "other.json")
        let three = try shard(2, of: 3, name: "three.json")
        let s0copy = "\(dir)/s0copy.json"
        try FileManager.default.copyItem(atPath: s0, toPath: s0copy)
        let corrupt = "\(dir)/corrupt.json"
        try "{\"version\": \"0.1.0\", \"config\": [".write(toFile: corrupt, atomically: true, encoding: .utf8)
        let tampered = "\(dir)/tampered.json"
        // One bit of the binary records flipped: the CRC-64 no longer matches.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: s1))
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: tampered))
        let plain = "\(dir)/plain.json"
        #expect(try TestSupport.run(["run", "--trajectories", "5", "--max-steps", "100", "--output", plain, "--quiet"]).status == 0)
        let out = "\(dir)/merged.json"
        let cases: [([String], Int32, String)] = [
            ([s0, corrupt], 65, "corrupt.json"),
            ([s0, other], 65, "config"),
            ([s0], 65, "missing"),
            ([s0, s0copy, s1], 65, "twice"),
            ([s0, s0, s1], 64, "s0.json"),
            ([s0, three], 65, "count"),
            ([s0, tampered], 65, "tampered.json"),
            ([plain], 65, "shard"),
            ([s0, "\(dir)/absent.json"], 74, "absent.json"),
        ]
        for (files, status, mention) in cases {
            let c = Case(arguments: ["merge"] + files + ["--output", out], status: status, mentions: mention)
            Self.check(try TestSupport.run(c.arguments), c)
            #expect(!FileManager.default.fileExists(atPath: out), "\(c) wrote \(out)")
        }
    }

    /// One file under two spellings (`a.json` and `./a.json`, or through a
    /// symbolic link to its directory) is refused before anything runs.
    @Test func oneFileUnderTwoNamesIsRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: dir)
        let spellings = [("\(dir)/a.json", "\(dir)/./a.json"), ("\(dir)/a.json", "\(dir)/link/a.json"),
                         ("\(dir)/a.json", "\(dir)/link/../\(URL(fileURLWithPath: dir).lastPathComponent)/a.json")]
        for (a, b) in spellings {
            let c = Case(arguments: ["run", "--trajectories", "3", "--max-steps", "10", "--output", a, "--records", b],
                         status: 64, mentions: "same file")
            Self.check(try TestSupport.run(c.arguments), c)
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/a.json"), "\(c) wrote a file")
        }
        let shard = "\(dir)/s.json"
        #expect(try TestSupport.run(["run", "--trajectories", "4", "--max-steps", "10", "--shard", "0/1",
                                     "--output", shard, "--quiet"]).status == 0)
        let c = Case(arguments: ["merge", shard, "--output", "\(dir)/m.json", "--records", "\(dir)/./m.json"],
                     status: 64, mentions: "same file")
        Self.check(try TestSupport.run(c.arguments), c)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/m.json"))
    }
}
