import ArgumentParser
import EscapeLab
import Foundation

/// The `escapelab` command: run, trace, theory, merge, list, bench.
struct EscapeLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escapelab",
        abstract: "Monte Carlo escape times of noisy optimizers on analytic loss landscapes.",
        discussion: """
        Specs are `name` or `name:key=value,...`; `escapelab list` shows every landscape, \
        optimizer and noise with its parameters and defaults. Exit status: 0 success, \
        64 bad usage or spec, 65 bad input data, 74 cannot read or write a file.
        """,
        version: escapeLabVersion,
        subcommands: [RunCommand.self, TraceCommand.self, TheoryCommand.self, MergeCommand.self,
                      ListCommand.self, BenchCommand.self]
    )
}

/// Entry point: every error becomes one line on stderr and a sysexits status.
@main
enum Main {
    static func main() {
        do {
            var command = try EscapeLabCommand.parseAsRoot()
            try command.run()
        } catch let error as SpecError {
            fail(error.description, error.exitCode)
        } catch let error as GSLError {
            fail(error.description, 65)
        } catch {
            let code = EscapeLabCommand.exitCode(for: error)
            if code == .success {
                print(EscapeLabCommand.fullMessage(for: error))
                exit(0)
            }
            let message = EscapeLabCommand.message(for: error)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: "; ")
            fail(message, code.rawValue == 1 ? 64 : code.rawValue)
        }
    }

    static func fail(_ message: String, _ code: Int32) -> Never {
        var m = message
        if m.hasPrefix("Error: ") { m.removeFirst(7) }
        // One line whatever the user typed: control characters (a newline or
        // an escape sequence inside a quoted value) are written as \u{..}.
        m = m.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        FileHandle.standardError.write(Data("escapelab: error: \(m)\n".utf8))
        exit(code)
    }
}
