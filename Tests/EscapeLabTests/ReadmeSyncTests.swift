import Foundation
import Testing
import EscapeLabTestSupport

/// The README's reference material is generated, not copied by hand: the
/// parameter tables are `escapelab list --markdown` verbatim, and the
/// "Adding a landscape" example is the landscape `ReadmeLandscapeTests`
/// compiles and runs.
@Suite struct ReadmeSyncTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func readme() throws -> String {
        try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The text between two marker lines of the README.
    static func block(_ text: String, from begin: String, to end: String) -> String? {
        guard let b = text.range(of: begin + "\n"), let e = text.range(of: end, range: b.upperBound..<text.endIndex)
        else { return nil }
        return String(text[b.upperBound..<e.lowerBound])
    }

    @Test func theParameterTablesAreTheListOutput() throws {
        let table = Self.block(try Self.readme(), from: "<!-- BEGIN escapelab list --markdown -->",
                               to: "<!-- END escapelab list --markdown -->")
        #expect(table != nil, "README.md lacks the generated parameter tables")
        let r = try TestSupport.run(["list", "--markdown"])
        #expect(r.status == 0)
        #expect(table == r.stdout, "README.md's parameter tables differ from `escapelab list --markdown`: regenerate them")
    }

    @Test func theAddingALandscapeExampleIsTheTestedOne() throws {
        let readme = try Self.readme()
        let first = "/// L(x) = h (x^2/w^2 - 1)^2: a double well of width w and height h."
        guard let b = readme.range(of: "```swift\n" + first),
              let e = readme.range(of: "\n```", range: b.upperBound..<readme.endIndex) else {
            Issue.record("README.md lacks the WideWell example")
            return
        }
        let code = first + String(readme[b.upperBound..<e.lowerBound]) + "\n"
        let tested = try String(contentsOf: Self.root.appendingPathComponent("Tests/EscapeLabTests/ReadmeLandscapeTests.swift"),
                                encoding: .utf8)
        #expect(tested.contains(code), "README.md's WideWell differs from the one ReadmeLandscapeTests compiles")
    }
}
