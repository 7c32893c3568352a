import EscapeLab
import EscapeLabTestSupport
import Foundation
import StudyKit
import Testing

/// Every escape-time study runs in --quick mode and writes the tables that
/// Studies/README.md documents: the same column headers, in CSV and Markdown,
/// with quick results under `<name>-quick.*` (never over the committed ones).
@Suite struct StudyQuickTests {
    /// The documented columns of each table, per study.
    static let documented: [String: [[String]]] = [
        "kramers": [
            ["barrier/T", "noise", "escape", "trajectories", "τ sim (steps)", "τ sim (time)", "95% CI (time)",
             "exact MFPT (time)", "Kramers (time)", "sim / exact", "sim / Kramers", "censored", "verdict vs exact"],
            ["barrier/T", "escape", "trajectories", "τ sim (steps)", "exact MFPT to x = 0 (steps)",
             "exact MFPT, boundary moved out by 0.5826 σ lr (steps)", "Kramers / 2 (steps)", "sim / exact",
             "sim / shifted", "censored", "verdict vs exact", "verdict vs shifted"],
        ],
        "sharp-vs-flat": [
            ["optimizer, noise", "k", "lr", "noise", "escape", "barrier/T (law)", "τ sim (steps)", "τ sim (time)",
             "law (steps)", "law", "sim / law", "SGD law at effective lr (steps)", "censored", "verdict"],
            ["optimizer, noise", "slope vs 1/k (R²)", "slope vs ln k (R²)", "slope vs 1/sqrt(k) (R²)", "best R²",
             "law's axis", "law's slope", "fitted slope", "verdict"],
        ],
        "batch-and-lr": [
            ["sweep", "B", "lr", "noise", "escape", "barrier/T", "τ sim (steps)", "τ sim (time)", "exact MFPT (time)",
             "sim / exact", "censored", "verdict"],
            ["sweep", "axis", "fitted slope (R²)", "exact-MFPT slope", "leading order", "verdict"],
        ],
        "saddle-escape": [
            ["γ", "lr", "r0", "escape", "simulated steps", "formula", "match"],
            ["optimizer", "noise", "γ", "escape", "τ sim (steps)", "τ sim (time)", "SGD asymptotic law (steps)",
             "SGD exact 1-D MFPT (steps)", "sim / exact", "inertia law (steps)", "sim / inertia law", "censored", "verdict"],
            ["optimizer", "noise", "slope (R²)", "SGD exact slope", "SGD asymptotic-law slope", "inertia-law slope", "verdict", "vs SGD"],
        ],
        "heavy-tails": [
            ["noise", "sweep", "width w", "height h", "lr", "escape", "τ sim (steps)", "τ sim (time)", "law (steps)",
             "law", "sim / law", "censored", "bias bound", "verdict"],
            ["noise", "width exponent: slope of ln τ vs ln w (R²)", "expected", "verdict", "slope of ln τ vs ln h (R²)",
             "slope of ln τ vs h (R²)", "τ(largest h) / τ(smallest h)", "height law"],
        ],
        "saddle-dimension": [
            ["noise", "d", "escape", "τ sim (steps)", "exact law (steps)", "sim / law", "stable share of R²", "recrossing z",
             "law bias bound (steps)", "censored", "verdict"],
            ["d", "stable share of R²", "τ radius (steps)", "law, radius (steps)", "recrossing z", "τ |x0| (steps)",
             "law, |x0| (steps)", "verdict radius", "verdict |x0|"],
            ["noise", "d", "τ Adam (steps)", "τ SGD (steps)", "Adam / SGD", "censored"],
            ["optimizer", "L", "σ", "τ sim (steps)", "censored"],
            ["optimizer", "L", "fit", "law", "verdict"],
            ["optimizer", "noise", "n", "d", "τ sim (steps)", "law (steps)", "sim / law", "flat share of R²", "verdict"],
            ["optimizer", "noise", "h", "d", "start λ_min", "τ sim (steps)", "escaped", "censored", "unit asymmetry at exit", "law", "verdict"],
            ["noise on the unstable and flat axes", "noise on the stable axes", "h", "τ sim (steps)", "escaped", "law", "sim / law", "verdict"],
        ],
        "state-dependent-noise": [
            ["landscape", "lr", "noise", "D(x)", "trajectories", "τ sim (steps)", "exact MFPT (steps)", "sim / exact",
             "censored", "verdict"],
            ["L0", "L_b / L_a", "τ sim (steps)", "exact MFPT (steps)", "verdict vs exact", "Mori-Kramers law (steps)",
             "law / exact", "constant-T exact (steps)"],
            ["B", "B (N-1)/(N-B)", "τ sim, without replacement", "exact (steps)", "verdict", "τ sim, with replacement",
             "exact (steps)", "verdict", "without / with"],
            ["k", "frozen: τ sim (steps)", "frozen: exact", "verdict", "Kramers (steps)", "path: τ sim (steps)",
             "path: exact (floor H_a/4)", "verdict", "Xie's formula, s = 4/9 (steps)", "Xie / exact"],
        ],
        "escape-2d": [
            ["row", "noise", "lr", "escape", "D = lr C / 2", "barrier / T_e", "trajectories", "τ sim (steps)", "PDE (steps)",
             "PDE, boundary shifted (steps)", "sim / PDE", "bias bound vs PDE", "verdict vs PDE", "Eyring-Kramers, T = T_e (steps)",
             "Bouchet-Reygner (steps)", "PDE / Eyring-Kramers", "PDE / Bouchet-Reygner", "law bias bound", "verdict vs Eyring-Kramers",
             "verdict vs Bouchet-Reygner", "censored", "PDE seconds"],
        ],
        "minima-selection": [
            ["noise", "landscape", "D(x)", "τ sharp→flat sim", "exact", "verdict", "τ flat→sharp sim", "exact", "verdict",
             "rate ratio sharp→flat / flat→sharp sim", "exact", "verdict"],
            ["noise", "steps", "from the barrier top", "verdict", "from starts spread over both basins", "verdict",
             "exact stationary p ~ e^(-Φ)/D", "two-state τ_fs / (τ_fs + τ_sf)", "Gibbs at D(flat minimum) (for contrast)"],
            ["landscape", "noise", "optimizer", "lr", "steps", "T (theory)", "P(flat) sim", "law", "P(flat) law", "verdict",
             "vs SGD (difference, SE)"],
            ["optimizer", "lr", "steps", "T (theory)", "P(global basin) sim", "P(global basin) Gibbs", "verdict", "vs SGD"],
        ],
        "rare-escapes": [
            ["barrier/T", "noise", "method", "τ (steps)", "τ (time)", "95% CI (time)", "simulated steps", "seconds",
             "direct-equivalent steps", "reliability", "exact MFPT (time)", "Kramers (time)", "τ / exact", "CI covers exact",
             "verdict vs exact"],
            ["optimizer", "lr", "barrier/T (law)", "method", "τ (steps)", "τ (time)", "95% CI (time)", "simulated steps",
             "seconds", "direct-equivalent steps", "reliability", "law (time)", "law", "τ / law", "verdict"],
            ["optimizer, noise", "k", "lr", "barrier/T (law)", "method", "τ (steps)", "τ (time)", "95% CI (time)",
             "simulated steps", "seconds", "direct-equivalent steps", "reliability", "law (time)", "τ / law", "verdict"],
            ["optimizer, noise", "slope vs 1/k (R²)", "slope vs ln k (R²)", "slope vs 1/sqrt(k) (R²)", "law's axis",
             "law's slope", "fitted slope", "verdict"],
            ["optimizer", "lr", "B", "barrier/T (plain SGD)", "method", "τ (steps)", "τ (time)", "95% CI (time)",
             "simulated steps", "seconds", "direct-equivalent steps", "reliability", "AMS vs direct"],
        ],
    ]

    /// CSV header lines: the first line of a one-table file, else the line after each `# title`.
    static func headers(_ csv: String) -> [[String]] {
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let starts = lines.first?.hasPrefix("# ") == true
            ? lines.indices.filter { lines[$0].hasPrefix("# ") }.map { $0 + 1 } : [0]
        return starts.map { split(lines[$0]) }
    }

    /// One CSV line into cells (quoted cells may hold commas).
    static func split(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { cells.append(cell); cell = "" } else { cell.append(ch) }
        }
        cells.append(cell)
        return cells
    }

    @Test(arguments: ["kramers", "sharp-vs-flat", "batch-and-lr", "saddle-escape", "heavy-tails", "rare-escapes", "saddle-dimension",
                              "state-dependent-noise", "escape-2d", "minima-selection"])
    func quickRunWritesTheDocumentedTables(_ name: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let binary = TestSupport.productsDirectory.appendingPathComponent(name).path
        let start = Date()
        let r = try TestSupport.run(["--quick", "--threads", "2", "--output-dir", dir], executable: binary)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 60, "--quick must run in seconds")
        let csv = try String(contentsOfFile: "\(dir)/\(name)-quick.csv", encoding: .utf8)
        let md = try String(contentsOfFile: "\(dir)/\(name)-quick.md", encoding: .utf8)
        let expected = try #require(Self.documented[name])
        #expect(Self.headers(csv) == expected)
        for columns in expected {
            #expect(md.contains("| " + columns.map(StudyTable.cell).joined(separator: " | ") + " |"))
        }
        #expect(r.stdout.contains("| " + expected[0].map(StudyTable.cell).joined(separator: " | ") + " |"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(name).md"), "quick runs must not write the full results")
        if Plot.gnuplotAvailable {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(name)-quick.png"))
        }
        // Every data row states its escape criterion and has no empty cell.
        let rows = csv.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("# ") }
        #expect(rows.allSatisfy { !Self.split($0).contains("") })
        if name == "saddle-dimension" {
            // Quadratic-saddle rows against the exact law, matrix-factorization SGD rows against
            // theirs (fixed seeds): a wrong law or noise model would show as DISAGREES. The
            // teacher-student tables after them have documented disagreements (|H|/B noise at h >= 3
            // escapes faster than the linearised law, and so does |H|/B on the stable axes alone in
            // the control table) and are left out of this check.
            let lawful = md.components(separatedBy: "## teacher-student")[0]
            #expect(md.contains("## teacher-student") && !lawful.contains("DISAGREES") && !lawful.contains("ABOVE"))
            // Real minibatch noise keeps the teacher-student units equal: it never escapes.
            #expect(md.contains("| SGD | minibatch:batch=8,replacement=false | 2 | 10 |") && md.contains("| never | 0 | 100.0% |"))
        }
        if name == "state-dependent-noise" {
            // Every simulated row against its exact MFPT (fixed seeds): a wrong D(x), floor,
            // loss scaling or finite-population factor would show as DISAGREES. Xie's formula
            // column is a ratio, not a verdict.
            #expect(!md.contains("DISAGREES ("))
        }
        if name == "escape-2d" {
            // Every row's simulation against the PDE (fixed seeds): a wrong diffusion matrix would show as DISAGREES.
            let verdicts = rows.dropFirst().map { Self.split($0)[12] }
            #expect(!verdicts.isEmpty && verdicts.allSatisfy { $0.hasPrefix("agrees") }, "\(verdicts)")
        }
        if name == "minima-selection" {
            // SGD's escape times, rate ratios and occupations against the exact MFPT and stationary
            // density (fixed seeds): a wrong D(x) or stationary law would show as DISAGREES.
            #expect(!md.contains("DISAGREES ("))
        }
        if name == "saddle-escape" {
            // The noise-free saddle check is deterministic: every row must match the formula exactly.
            #expect(md.contains("| exact |") && !md.contains("MISMATCH"))
        }
    }
}
