import EscapeLabTestSupport
import Foundation
import Testing
@testable import EscapeLab

/// The red-team reproducers of issue 12, each a regression test: one line on
/// stderr and exit 64/65/74, or correct behaviour.
@Suite struct RedTeamTests {
    static let quick = ["--max-steps", "2000", "--quiet", "--noise", "gaussian:sigma=7", "--threads", "2"]

    static func expectOneLine(_ r: TestSupport.ProcessResult, status: Int32, mentions: String, _ what: String) {
        #expect(r.status == status, "\(what): status \(r.status), \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("escapelab: error: "), "\(what): \(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(what): '\(r.stderr)' lacks '\(mentions)'")
    }

    @Test func extremeShardsRunWithoutOverflow() throws {
        let a = try TestSupport.run(["run", "--shard", "9223372036854775806/9223372036854775807", "--format", "json"] + Self.quick)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try TestSupport.run(["run", "--trajectories", "4000000000", "--shard", "3999999999/4000000000", "--format", "json"] + Self.quick)
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try JSONParser.parse(b.stdout)["trajectories"]?.intValue == 1)
        let c = try TestSupport.run(["run", "--trajectories", "5000000000"] + Self.quick)
        Self.expectOneLine(c, status: 64, mentions: "--trajectories", "5e9 trajectories")
        let d = try TestSupport.run(["run", "--max-steps", "9223372036854775807"] + Self.quick.dropFirst(2))
        Self.expectOneLine(d, status: 64, mentions: "--max-steps", "max-steps Int.max")
    }

    @Test func hugeBatchesAreRefusedBeforeAllocating() throws {
        let r = try TestSupport.run(["run", "--landscape", "logistic", "--noise", "minibatch:batch=2147483647,replacement=true",
                                     "--max-steps", "10", "--quiet"])
        Self.expectOneLine(r, status: 64, mentions: "batch", "batch 2^31-1 with replacement")
    }

    /// A real shard file, and the directory it is in.
    static func shard(_ dir: String) throws -> String {
        let path = "\(dir)/s1.json"
        let r = try TestSupport.run(["run", "--trajectories", "90", "--shard", "1/3", "--output", path, "--seed", "3"] + Self.quick)
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    @Test func tamperedShardsAreRefusedNamingTheShard() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.shard(dir)
        let original = [UInt8](FileManager.default.contents(atPath: path)!)
        let headerEnd = original.firstIndex(of: 0x0A)! + 1
        // One step count (a varint byte), one outcome (its low two bits), one
        // coordinate (a byte of a double), and the header's count.
        var step = original; step[headerEnd] ^= 0x10
        var outcome = original; outcome[headerEnd] ^= 0x01
        var point = original; point[headerEnd + 3] ^= 0x01
        let count = Array(String(decoding: original, as: UTF8.self)
            .replacingOccurrences(of: "\"count\":30,", with: "\"count\":3000000000000,").utf8)
        for (name, bytes) in [("step", step), ("outcome", outcome), ("point", point), ("count", count)] {
            let edited = "\(dir)/edited-\(name).json"
            FileManager.default.createFile(atPath: edited, contents: Data(bytes))
            let r = try TestSupport.run(["merge", edited, "--output", "\(dir)/m.json"])
            Self.expectOneLine(r, status: 65, mentions: edited, "edited \(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/m.json"))
    }

    @Test func hostileMergeInputsAreRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let brackets = "\(dir)/brackets.json"
        FileManager.default.createFile(atPath: brackets, contents: Data(String(repeating: "[", count: 80_000).utf8))
        Self.expectOneLine(try TestSupport.run(["merge", brackets, "--output", "\(dir)/m.json"]), status: 65, mentions: brackets, "80,000 [")
        let deep = "\(dir)/deep.json"
        FileManager.default.createFile(atPath: deep, contents: Data((String(repeating: "[", count: 100_000) + "\n").utf8))
        Self.expectOneLine(try TestSupport.run(["merge", deep, "--output", "\(dir)/m.json"]), status: 65, mentions: deep, "10^5 levels")
        let old = "\(dir)/old.json"
        FileManager.default.createFile(atPath: old, contents: Data("{\n  \"version\": \"0.1.0\",\n  \"records\": {}\n}\n".utf8))
        Self.expectOneLine(try TestSupport.run(["merge", old, "--output", "\(dir)/m.json"]), status: 65, mentions: "format 1", "format 1")
        let shard = try Self.shard(dir)
        Self.expectOneLine(try TestSupport.run(["merge", shard, "--output", shard]), status: 64, mentions: "same file", "output = input")
        #expect(FileManager.default.fileExists(atPath: shard))
    }

    @Test func devicesAreWrittenInPlaceNeverReplaced() throws {
        let null = try TestSupport.run(["run", "--trajectories", "20", "--output", "/dev/null", "--records", "/dev/null"] + Self.quick)
        #expect(null.status == 0, "\(null.stderr)")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is no longer a device")
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try TestSupport.run(["run", "--trajectories", "20", "--output", "/dev/full"] + Self.quick)
            Self.expectOneLine(full, status: 74, mentions: "No space left on device", "/dev/full")
            #expect(stat("/dev/full", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        }
        let missing = try TestSupport.run(["run", "--output", "/nonexistent-dir/out.json"] + Self.quick)
        Self.expectOneLine(missing, status: 74, mentions: "No such file or directory", "missing directory")
    }
}
