import EscapeLab
import Foundation

/// A study's result table: Markdown for people, CSV for programs.
public struct StudyTable: Sendable {
    public let title: String
    public let columns: [String]
    public private(set) var rows: [[String]] = []
    /// Paragraphs printed under the table (criterion, units, verdicts, caveats).
    public var notes: [String] = []

    public init(title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    /// Appends a row; it must have one cell per column.
    public mutating func add(_ cells: [String]) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells for \(columns.count) columns")
        rows.append(cells)
    }

    public var markdown: String {
        var s = "## \(title)\n\n"
        s += "| " + columns.map(Self.cell).joined(separator: " | ") + " |\n"
        s += "|" + columns.map { _ in "---" }.joined(separator: "|") + "|\n"
        for r in rows { s += "| " + r.map(Self.cell).joined(separator: " | ") + " |\n" }
        if !notes.isEmpty { s += "\n" + notes.joined(separator: "\n\n") + "\n" }
        return s
    }

    /// A cell as Markdown table text: a `|` inside it (`|x0|>=R`, `|H|`) escaped.
    public static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    public var csv: String {
        func quote(_ c: String) -> String { c.contains(",") || c.contains("\"") ? "\"\(c.replacingOccurrences(of: "\"", with: "\"\""))\"" : c }
        return ([columns] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// Number formatting for tables.
public enum Fmt {
    /// `digits` significant digits; numbers of 10^digits and more (below 10^9)
    /// as rounded integers, very large and very small ones in scientific notation.
    public static func g(_ v: Double, _ digits: Int = 4) -> String { RunReport.short(v, digits) }

    /// A spec with its long decimals cut to `digits` significant digits, for
    /// table cells: `gaussian:sigma=11.547005383792515` -> `gaussian:sigma=11.547`.
    public static func spec(_ text: String, _ digits: Int = 5) -> String {
        guard let re = try? NSRegularExpression(pattern: "-?[0-9]+\\.[0-9]+(e[-+]?[0-9]+)?") else { return text }
        var out = text
        for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let r = Range(m.range, in: text), let v = Double(text[r]) else { continue }
            let digitsUsed = text[r].filter(\.isNumber).count
            if digitsUsed > digits + 1 { out.replaceSubrange(r, with: String(format: "%.\(digits)g", v)) }
        }
        return out
    }
    /// value +- error.
    public static func pm(_ v: Double, _ e: Double, _ digits: Int = 4) -> String { "\(g(v, digits)) ± \(g(e, 2))" }
    /// A fraction as a percentage.
    public static func pct(_ f: Double) -> String { String(format: "%.1f%%", 100 * f) }
}
