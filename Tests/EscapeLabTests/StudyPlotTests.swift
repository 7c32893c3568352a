import EscapeLabTestSupport
import Foundation
import Testing

/// Without gnuplot a study keeps an existing plot and its Markdown link
/// untouched (never drops a committed plot), and says so on stderr.
@Suite struct StudyPlotTests {
    /// Runs `kramers --quick` into `dir` with a PATH that holds no gnuplot.
    static func runWithoutGnuplot(into dir: String) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = TestSupport.productsDirectory.appendingPathComponent("kramers")
        p.arguments = ["--quick", "--threads", "2", "--output-dir", dir]
        p.environment = ["PATH": "/nonexistent", "HOME": NSTemporaryDirectory()]
        let errURL = URL(fileURLWithPath: dir).appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        try err.close()
        return (p.terminationStatus, try String(contentsOf: errURL, encoding: .utf8))
    }

    @Test func missingGnuplotKeepsTheExistingPlotAndItsLink() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let png = "\(dir)/kramers-quick.png"
        let committed = Data("a plot drawn earlier".utf8)
        #expect(FileManager.default.createFile(atPath: png, contents: committed))
        let r = try Self.runWithoutGnuplot(into: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.contents(atPath: png) == committed, "the existing PNG must not be touched")
        let md = try String(contentsOfFile: "\(dir)/kramers-quick.md", encoding: .utf8)
        #expect(md.contains("](kramers-quick.png)"), "the link to the existing plot must stay")
        #expect(r.stderr.contains("gnuplot not found") && r.stderr.contains("kept"))
    }

    @Test func missingGnuplotWithoutAPlotWritesNoLink() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.runWithoutGnuplot(into: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/kramers-quick.png"))
        let md = try String(contentsOfFile: "\(dir)/kramers-quick.md", encoding: .utf8)
        #expect(!md.contains(".png)"))
        #expect(r.stderr.contains("gnuplot not found") && r.stderr.contains("no plot"))
    }
}
