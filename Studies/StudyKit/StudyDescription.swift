import ArgumentParser
import Foundation

/// What a study says about itself in `--help`: the executable's name, what it
/// measures and against which law, and how long its full and `--quick` runs
/// take. Studies/README.md shows every study's `--help` output, and a test
/// checks that the two agree.
public struct StudyDescription: Sendable {
    /// The executable's name, as in `Package.swift`'s `studyNames`.
    public var name: String
    /// Two or three lines, each at most 80 columns: the measurement and the law.
    public var summary: String
    /// Wall-clock time of the full run (the committed results), e.g. "3 min 29 s".
    public var fullTime: String
    /// CPU time of the full run (all threads), e.g. "2 min 13 s".
    public var fullCPUTime: String
    /// Wall-clock time of `--quick`, e.g. "about 1 s".
    public var quickTime: String

    public init(name: String, summary: String, fullTime: String, fullCPUTime: String, quickTime: String) {
        self.name = name; self.summary = summary; self.fullTime = fullTime; self.fullCPUTime = fullCPUTime
        self.quickTime = quickTime
    }

    /// The help screen: name and summary, run times, files written, then the
    /// shared options (rendered 80 columns wide whatever the terminal, so the
    /// text is the same everywhere).
    public var help: String {
        var options = StudyOptions.helpMessage(includeHidden: false, columns: 80)
        if options.hasPrefix("USAGE: study ") {
            options = "USAGE: \(name) " + options.dropFirst("USAGE: study ".count)
        }
        return """
            OVERVIEW: \(name), an EscapeLab study.
            \(summary)

            Run time, measured on 2 cores shared with other builds: full run \(fullTime)
            (\(fullCPUTime) of CPU time); --quick \(quickTime).
            Writes <output-dir>/\(name).md, .csv and .png (with gnuplot); --quick
            writes \(name)-quick.* instead. The theory is in the EscapeLab
            documentation (make docs), Theory article.

            \(options.trimmingCharacters(in: .whitespacesAndNewlines))
            """
    }
}

extension StudyOptions {
    /// Parses the command line like `parseOrExit()`, but answers `-h` / `--help`
    /// with the study's own help screen (``StudyDescription/help``).
    public static func parseOrExit(_ study: StudyDescription,
                                   arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> StudyOptions {
        let options = arguments.prefix { $0 != "--" }
        if options.contains(where: { $0 == "-h" || $0 == "--help" }) {
            print(study.help)
            Foundation.exit(0)
        }
        return parseOrExit(arguments)
    }
}
