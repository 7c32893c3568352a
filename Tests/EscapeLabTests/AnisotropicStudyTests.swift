import EscapeLab
import EscapeLabTestSupport
import Foundation
import StudyKit
import Testing

/// The three minibatch-noise studies run in --quick mode in seconds and write
/// the tables Studies/README.md documents; the anisotropic-noise quick table
/// already shows the physics (no noise never escapes; top-eigenvector noise
/// escapes far more often than isotropic noise of the same variance).
@Suite struct AnisotropicStudyTests {
    static let documented: [String: [[String]]] = [
        "anisotropic-noise": [
            ["variant", "noise", "kick variance", "Tr(H Sigma)", "Tr(H) Tr(Sigma)/d", "success rate [95% CI]", "successes", "runs"],
            ["variant", "noise", "kick variance", "Tr(H Sigma)", "Tr(H) Tr(Sigma)/d", "success rate [95% CI]", "successes", "runs"],
        ],
        "noise-covariance": [
            ["model", "loss", "Tr H", "Tr C / Tr H", "‖C - H‖ / ‖H‖", "cos(C, H)", "top-eigenvector overlap",
             "top eigenvalues of C", "top eigenvalues of H", "minority recall"],
            ["model", "loss", "B", "(N-B)/(N-1)", "exact", "engine ± SE", "‖B C_B - H‖ / ‖H‖"],
        ],
        "loss-shapes": [
            ["loss", "noise", "Tr Sigma / Tr(H/B)", "predicted excess", "measured excess ± SE", "ΔL dof", "minority recall",
             "escape level", "escape steps ± SE", "censored", "vs sgd:batch=B"],
        ],
    ]

    /// CSV rows split into cells (quoted cells may hold commas); `# title` lines start a table.
    static func tables(_ csv: String) -> [[[String]]] {
        var out: [[[String]]] = []
        for line in csv.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# ") || out.isEmpty { out.append([]) }
            if line.hasPrefix("# ") { continue }
            out[out.count - 1].append(StudyQuickTests.split(line))
        }
        return out
    }

    static func runQuick(_ name: String) throws -> (tables: [[[String]]], markdown: String) {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = Date()
        let r = try TestSupport.run(["--quick", "--threads", "2", "--output-dir", dir],
                                    executable: TestSupport.productsDirectory.appendingPathComponent(name).path)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 30, "--quick must run in seconds")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(name).md"), "quick runs must not write the full results")
        return (tables(try String(contentsOfFile: "\(dir)/\(name)-quick.csv", encoding: .utf8)),
                try String(contentsOfFile: "\(dir)/\(name)-quick.md", encoding: .utf8))
    }

    @Test(arguments: ["anisotropic-noise", "noise-covariance", "loss-shapes"])
    func quickRunWritesTheDocumentedTables(_ name: String) throws {
        let (tables, md) = try Self.runQuick(name)
        let expected = try #require(Self.documented[name])
        #expect(tables.map { $0.first ?? [] } == expected)
        for columns in expected { #expect(md.contains("| " + columns.joined(separator: " | ") + " |")) }
        #expect(tables.allSatisfy { t in t.count > 1 && t.allSatisfy { $0.count == t[0].count } })
        if name == "anisotropic-noise" { try Self.expectTheOrdering(tables[0].dropFirst()) }
    }

    /// The quick anisotropic-noise table already shows the physics.
    static func expectTheOrdering(_ rows: ArraySlice<[String]>) throws {
        func interval(_ variant: String) throws -> BinomialInterval {
            let row = try #require(rows.first { $0[0] == variant })
            return BinomialInterval(successes: Int(row[6])!, trials: Int(row[7])!)
        }
        #expect(try interval("none").successes == 0)
        #expect(try interval("top eigenvector").lower > interval("isotropic").upper)
        #expect(try interval("full covariance").lower > interval("diagonal").upper)
    }

    @Test func clopperPearsonKnownValues() {
        // k = 0: upper = 1 - 0.025^(1/n); k = n: lower = 0.025^(1/n).
        let zero = BinomialInterval(successes: 0, trials: 1000)
        #expect(zero.lower == 0 && abs(zero.upper - (1 - pow(0.025, 1.0 / 1000))) < 1e-10)
        let all = BinomialInterval(successes: 20, trials: 20)
        #expect(all.upper == 1 && abs(all.lower - pow(0.025, 1.0 / 20)) < 1e-10)
        // 5 of 10: the textbook exact interval [0.1871, 0.8129].
        let half = BinomialInterval(successes: 5, trials: 10)
        #expect(abs(half.lower - 0.18709) < 1e-4 && abs(half.upper - 0.81291) < 1e-4)
    }
}
