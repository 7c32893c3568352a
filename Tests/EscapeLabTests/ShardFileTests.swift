import EscapeLabTestSupport
import Foundation
import PropertyBased
import Testing
@testable import EscapeLab

/// Shard files (format 2) round-trip exactly; any edit is caught by the
/// checksum; the reader never crashes, whatever it is fed (10,000 mutations).
@Suite struct ShardFileTests {
    static let problem = Problem(landscape: StyblinskiTang(dimension: 2, k: 1), learningRate: 0.01,
                                 noise: .gaussian(sigma: 9), maxSteps: 3000)

    /// One shard file's bytes (2 of 3, 90 trajectories of a 2-D run).
    static let shard: (bytes: [UInt8], records: EnsembleRecords) = {
        var plan = ExecutionPlan(trajectories: 270, seed: 4, threads: 1)
        plan.shard = Shard(index: 1, count: 3)
        let records = try! problem.run(plan)
        let dir = try! TestSupport.temporaryDirectory()
        try! ShardFile.write(records, report: RunReport(problem: problem, plan: plan, records: records), to: "\(dir)/s")
        let bytes = [UInt8](FileManager.default.contents(atPath: "\(dir)/s")!)
        try? FileManager.default.removeItem(atPath: dir)
        return (bytes, records)
    }()

    /// Reads bytes as a shard file: its records, or the error.
    static func read(_ bytes: [UInt8]) -> Result<EnsembleRecords, any Error> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shard-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Result {
            let (h, handle) = try ShardFile.header(path)
            let c = RecordCollector()
            try ShardFile.readRecords(h, from: handle, into: c)
            return c.records(h.range, dimension: h.dimension, trajectories: 270)
        }
    }

    @Test func roundTripsExactly() throws {
        let back = try Self.read(Self.shard.bytes).get()
        #expect(back == Self.shard.records)
    }

    @Test func everySingleByteEditIsRefused() {
        // Every byte of the records and every byte of the header: one change each.
        let b = Self.shard.bytes
        for i in stride(from: 0, to: b.count, by: max(1, b.count / 400)) {
            var edited = b
            edited[i] ^= 0x20
            guard case let .failure(e) = Self.read(edited) else {
                Issue.record("byte \(i) edited and accepted"); continue
            }
            #expect(e is SpecError, "byte \(i): \(e)")
        }
    }

    @Test func mutatedFilesNeverCrashTheReader() async {
        let b = Self.shard.bytes
        let edits = Gen.int(in: 0..<(b.count + 8)).array(of: 1...6)
        await propertyCheck(count: 10_000, input: edits, Gen.int(in: 0...255), Gen.int(in: 0...3)) { positions, byte, kind in
            var m = b
            for p in positions {
                switch kind {
                case 0: if p < m.count { m[p] = UInt8(byte) }
                case 1: m = Array(m.prefix(min(p, m.count)))                         // truncation
                case 2: m.insert(UInt8(byte), at: min(p, m.count))                   // insertion
                default: if p < m.count { m.remove(at: p) }                          // deletion
                }
            }
            switch Self.read(m) {
            case .success: #expect(m == b, "a mutated file was accepted")
            case let .failure(e):
                #expect(e is SpecError)
                #expect(!"\(e)".contains("\n"))
            }
        }
    }

    @Test func hostileHeadersAreRefusedNotCrashedOn() {
        let cases: [[UInt8]] = [
            Array(repeating: UInt8(ascii: "["), count: 80_000),                                   // no newline
            Array(repeating: UInt8(ascii: "["), count: 100_000) + [0x0A],                         // 10^5 levels
            Array("{\n  \"version\": \"0.1.0\"\n}\n".utf8),                                      // format 1
            Array("{\"format\":\"escapelab-shard\",\"format_version\":2}\n".utf8),              // no fields
            [],
        ]
        for c in cases {
            guard case let .failure(e) = Self.read(c) else { Issue.record("accepted \(c.prefix(20))"); continue }
            #expect(e is SpecError, "\(e)")
        }
        if case let .failure(e) = Self.read(cases[2]) { #expect("\(e)".contains("format 1")) }
    }
}
