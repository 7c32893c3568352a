import EscapeLab
import Foundation

/// Helpers shared by the test suites.
public enum TestSupport {
    /// The release-built `escapelab` binary next to the test bundle.
    public static var escapelabBinary: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = here
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("escapelab").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return here.appendingPathComponent("escapelab").path
    }
}
