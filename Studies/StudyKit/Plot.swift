import Foundation

/// A line plot rendered by gnuplot (PNG), when gnuplot is installed.
public struct Plot: Sendable {
    /// One series: points (x, y) with optional y error bars.
    public struct Series: Sendable {
        public var title: String
        public var x: [Double]
        public var y: [Double]
        public var yError: [Double]?
        /// Draw a line through the points (a fit or theory) instead of markers.
        public var line: Bool
        public init(_ title: String, x: [Double], y: [Double], yError: [Double]? = nil, line: Bool = false) {
            self.title = title; self.x = x; self.y = y; self.yError = yError; self.line = line
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX = false
    public var logY = false
    /// gnuplot's key (legend) placement, e.g. `left top`, `bottom right`, `outside right top`.
    public var key = "left top"
    public var series: [Series] = []

    public init(title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.logX = logX; self.logY = logY
    }

    public static var gnuplotAvailable: Bool {
        ProcessInfo.processInfo.environment["PATH", default: "/usr/bin:/bin"].split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot") }
    }

    /// The gnuplot script that draws this plot into `png`, data inline.
    public func script(png: String) -> String {
        var s = "set terminal pngcairo size 900,600 noenhanced\nset output \(Self.quoted(png))\n"
        s += "set title \(Self.quoted(title))\nset xlabel \(Self.quoted(xLabel))\nset ylabel \(Self.quoted(yLabel))\nset key \(key) font ',10'\nset grid\n"
        if logX { s += "set logscale x\n" }
        if logY { s += "set logscale y\n" }
        let parts = series.map { se -> String in
            let style = se.line ? "with lines lw 2" : (se.yError != nil ? "with yerrorbars pt 7" : "with linespoints pt 7")
            return "'-' using 1:2\(se.yError != nil && !se.line ? ":3" : "") \(style) title \(Self.quoted(se.title))"
        }
        s += "plot " + parts.joined(separator: ", ") + "\n"
        for se in series {
            for i in se.x.indices where se.y[i].isFinite {
                s += "\(se.x[i]) \(se.y[i])" + (se.yError.map { " \($0[i])" } ?? "") + "\n"
            }
            s += "e\n"
        }
        return s
    }

    /// A gnuplot single-quoted string (a quote inside is doubled, gnuplot's escape).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Renders to `png` with gnuplot; returns false (and writes nothing) without gnuplot.
    @discardableResult
    public func render(to png: String) throws -> Bool {
        guard Plot.gnuplotAvailable else { return false }
        let tmp = png + ".tmp.png"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gnuplot"]
        let pipe = Pipe()
        p.standardInput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        pipe.fileHandleForWriting.write(Data(script(png: tmp).utf8))
        try pipe.fileHandleForWriting.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0, FileManager.default.fileExists(atPath: tmp) else {
            try? FileManager.default.removeItem(atPath: tmp)
            return false
        }
        _ = try? FileManager.default.removeItem(atPath: png)
        try FileManager.default.moveItem(atPath: tmp, toPath: png)
        return true
    }
}
