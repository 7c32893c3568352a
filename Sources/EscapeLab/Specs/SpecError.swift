// Every way a user's input can be wrong, each rendered as one line that names
// what was wrong and what is accepted. The CLI maps `exitCode` to the process
// exit status: 64 (usage), 65 (bad data), 74 (I/O).

/// A rejected input, with a one-line message and the sysexits code to use.
public enum SpecError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A flag or spec value that is not accepted (exit 64).
    case invalid(flag: String, value: String, accepted: String)
    /// A combination of otherwise valid settings that cannot work together (exit 64).
    case conflict(String)
    /// Input data that is corrupt or inconsistent, e.g. a shard file (exit 65).
    case badData(file: String, reason: String)
    /// A file that cannot be written (exit 74).
    case io(path: String, reason: String)
    /// An input file that cannot be read (exit 74).
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(flag, value, accepted):
            return "invalid \(flag) '\(value)': expected \(accepted)"
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
