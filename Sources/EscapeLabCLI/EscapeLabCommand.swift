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

/// EscapeLab's command-line interface as a library: `escapelab` is
/// `EscapeLabCLI.main()`, and a package of your own gets the same commands
/// with its landscapes by passing a registry that includes them.
public enum EscapeLabCLI {
    /// The landscapes this process's commands know (set by ``main(registry:arguments:)``).
    @TaskLocal static var registry = Registry.builtIn

    /// Parses the arguments, runs the command, and exits: every error becomes
    /// one line on stderr and a sysexits status (64 usage, 65 data, 74 I/O).
    public static func main(registry: Registry = .builtIn, arguments: [String]? = nil) -> Never {
        $registry.withValue(registry) {
            do {
                var command = try EscapeLabCommand.parseAsRoot(arguments)
                try command.run()
            } catch let error as SpecError {
                fail(error.message(naming: flag), error.exitCode)
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
        exit(0)
    }

    /// The flag that sets a field.
    static func flag(_ field: InputField) -> String {
        switch field {
        case .learningRate: return "--lr"
        case .maxSteps: return "--max-steps"
        case .generator: return "--rng"
        case .trajectoryIndex: return "--trajectory"
        default: return "--" + field.rawValue
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
