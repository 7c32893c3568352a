import EscapeLabTestSupport
import Foundation
import Testing

/// Every study's `--help` (what it measures, against which law, how long it
/// runs) is shown in Studies/README.md, verbatim.
@Suite struct StudyHelpTests {
    static let studies = ["kramers", "sharp-vs-flat", "batch-and-lr", "saddle-escape", "heavy-tails",
                          "anisotropic-noise", "noise-covariance", "loss-shapes", "rare-escapes", "saddle-dimension",
                          "state-dependent-noise", "escape-2d", "minima-selection"]

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Studies/README.md")

    /// The block after the line `$ .build/release/<name> --help` in a fenced
    /// code block of Studies/README.md, up to the closing fence.
    static func documentedHelp(_ name: String) throws -> String? {
        let lines = try String(contentsOf: readme, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "$ .build/release/\(name) --help") else { return nil }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("```") } ?? lines.endIndex
        return lines[(start + 1)..<end].joined(separator: "\n")
    }

    @Test(arguments: studies)
    func helpMatchesStudiesReadme(_ name: String) throws {
        let binary = TestSupport.productsDirectory.appendingPathComponent(name).path
        let r = try TestSupport.run(["--help"], executable: binary)
        #expect(r.status == 0)
        let help = r.stdout.trimmingCharacters(in: .newlines)
        #expect(help.hasPrefix("OVERVIEW: \(name), an EscapeLab study."))
        #expect(help.contains("USAGE: \(name) "))
        #expect(help.contains("Run time, measured on 2 cores shared with other builds: full run "))
        let documented = try #require(try Self.documentedHelp(name), "Studies/README.md shows no `$ .build/release/\(name) --help` block")
        #expect(help == documented, "\(name) --help differs from Studies/README.md:\n\(help)")
    }

    /// `-h` is the same screen, and `--help` after `--` is not a help request.
    @Test func shortFlagAndTerminator() throws {
        let binary = TestSupport.productsDirectory.appendingPathComponent("kramers").path
        let long = try TestSupport.run(["--help"], executable: binary)
        let short = try TestSupport.run(["-h"], executable: binary)
        #expect(short.status == 0 && short.stdout == long.stdout)
        let terminated = try TestSupport.run(["--quick", "--", "--help"], executable: binary)
        #expect(terminated.status != 0, "a positional argument after -- is refused, not taken as --help")
    }
}
