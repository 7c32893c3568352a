// Every way a user's input can be wrong, each rendered as one line that names
// what was wrong and what is accepted. The library names the *thing* (a
// learning rate, a landscape spec); the CLI, which knows its flags, names the
// flag instead (`EscapeLabCLI`). `exitCode` is the process exit status the CLI
// uses: 64 (usage), 65 (bad data), 74 (I/O).

/// What a rejected value was meant to be. The CLI maps each to its flag.
public enum InputField: String, Sendable, CaseIterable {
    case landscape, optimizer, noise, start, escape, learningRate, maxSteps
    case trajectories, seed, threads, shard, generator, steps, trajectoryIndex
    case method, replicas, repetitions, coordinate, basin, level

    /// How the library's messages name it.
    public var phrase: String {
        switch self {
        case .landscape: return "landscape spec"
        case .optimizer: return "optimizer spec"
        case .noise: return "noise spec"
        case .start: return "start point"
        case .escape: return "escape criterion"
        case .learningRate: return "learning rate"
        case .maxSteps: return "step cap"
        case .trajectories: return "trajectory count"
        case .seed: return "seed"
        case .threads: return "thread count"
        case .shard: return "shard"
        case .generator: return "GSL generator"
        case .steps: return "step count"
        case .trajectoryIndex: return "trajectory index"
        case .method: return "method"
        case .replicas: return "replica count"
        case .repetitions: return "repetition count"
        case .coordinate: return "reaction coordinate"
        case .basin: return "basin level"
        case .level: return "splitting level"
        }
    }
}

/// A rejected input, with a one-line message and the sysexits code to use.
public enum SpecError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A value that is not accepted (exit 64).
    case invalid(InputField, value: String, accepted: String)
    /// A combination of otherwise valid settings that cannot work together (exit 64).
    case conflict(String)
    /// Input data that is corrupt or inconsistent, e.g. a shard file (exit 65).
    case badData(file: String, reason: String)
    /// A file that cannot be written (exit 74).
    case io(path: String, reason: String)
    /// An input file that cannot be read (exit 74).
    case unreadable(path: String, reason: String)

    public var description: String { message { $0.phrase } }

    /// The message with `name` naming the field (the CLI passes its flags),
    /// always one line: control characters in a quoted value (a newline
    /// typed into a spec) are shown escaped, as `\n` or `\u{1B}`.
    public func message(naming name: (InputField) -> String) -> String {
        Self.oneLine(unescaped(naming: name))
    }

    static func oneLine(_ text: String) -> String {
        func breaks(_ u: Unicode.Scalar) -> Bool {
            switch u.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
        guard text.unicodeScalars.contains(where: breaks) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if breaks(u) {
                    out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    private func unescaped(naming name: (InputField) -> String) -> String {
        switch self {
        case let .invalid(field, value, accepted):
            return "invalid \(name(field)) '\(value)': expected \(accepted)"
        case let .conflict(message):
            return message
        case let .badData(file, reason):
            return "bad input data in '\(file)': \(reason)"
        case let .io(path, reason):
            return "cannot write '\(path)': \(reason)"
        case let .unreadable(path, reason):
            return "cannot read '\(path)': \(reason)"
        }
    }

    /// sysexits(3) code: 64 EX_USAGE, 65 EX_DATAERR, 74 EX_IOERR.
    public var exitCode: Int32 {
        switch self {
        case .invalid, .conflict: return 64
        case .badData: return 65
        case .io, .unreadable: return 74
        }
    }
}
