import EscapeLab
import Foundation

/// Where a study's results go: `<output-dir>/<name>.md`, `.csv` and `.png`.
public enum StudyOutput {
    /// Prints the table and writes the Markdown, CSV and (with gnuplot) plot.
    /// Quick runs write with a `-quick` suffix so they never overwrite the
    /// committed full results. Without gnuplot (or when it fails) an existing
    /// PNG is left untouched and its link stays in the Markdown; a line on
    /// stderr says so.
    public static func finish(_ name: String, tables: [StudyTable], plot: Plot?, options: StudyOptions,
                              header: String = "") throws {
        try finish(name, tables: tables, plots: plot.map { [$0] } ?? [], options: options, header: header)
    }

    /// The same with several plots: `<name>.png`, `<name>-2.png`, ...
    public static func finish(_ name: String, tables: [StudyTable], plots: [Plot], options: StudyOptions,
                              header: String = "") throws {
        let base = options.quick ? "\(name)-quick" : name
        let dir = options.outputDirectory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var md = header.isEmpty ? "" : header + "\n\n"
        md += tables.map(\.markdown).joined(separator: "\n")
        let csv = tables.count == 1 ? tables[0].csv
            : tables.map { "# \($0.title)\n" + $0.csv }.joined(separator: "\n")
        var files = [("\(dir)/\(base).md", md), ("\(dir)/\(base).csv", csv)]
        for (i, plot) in plots.enumerated() {
            let png = i == 0 ? "\(base).png" : "\(base)-\(i + 1).png"
            if try plot.render(to: "\(dir)/\(png)") {
                md += "\n![\(plot.title)](\(png))\n"
            } else if FileManager.default.fileExists(atPath: "\(dir)/\(png)") {
                // A plot that could not be redrawn keeps its file and its link:
                // the Markdown never loses a committed plot.
                md += "\n![\(plot.title)](\(png))\n"
                warn("\(name): \(Self.noPlotReason): kept \(dir)/\(png) as it was, not redrawn")
            } else {
                warn("\(name): \(Self.noPlotReason): no plot \(dir)/\(png)")
            }
        }
        files[0].1 = md
        try OutputFile.write(files.map { (path: $0.0, contents: $0.1) })
        print(md)
    }

    /// Why a plot was not drawn, for the one-line message on stderr.
    static var noPlotReason: String {
        Plot.gnuplotAvailable ? "gnuplot failed"
            : "gnuplot not found (apt-get install gnuplot-nox, or make studies, which installs it)"
    }

    /// One line on stderr (stdout carries the tables).
    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
