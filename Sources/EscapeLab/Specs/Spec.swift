// The spec grammar shared by every `--landscape`, `--optimizer` and `--noise`
// flag:   name            or   name:key=value,key=value
// Parsing is strict: unknown keys, duplicate keys, malformed or non-finite
// numbers are all errors that name the flag, the key and what is accepted.

/// A parsed `name:key=value,...` spec whose parameters are consumed by a typed
/// builder; anything left unconsumed is reported as an unknown key.
public struct Spec: Sendable {
    /// The flag the spec came from, for error messages (`--landscape`).
    public let flag: String
    /// The spec's name (`double-well`).
    public let name: String
    /// Parameters in the order given.
    public private(set) var parameters: [(key: String, value: String)]
    private var used: Set<String> = []

    /// Parses `text` given to `flag`.
    public init(_ text: String, flag: String) throws {
        self.flag = flag
        let trimmed = text.trimmingCharacters(in: " ")
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        name = String(parts[0])
        guard !name.isEmpty else {
            throw SpecError.invalid(flag: flag, value: text, accepted: "a spec of the form name or name:key=value,...")
        }
        parameters = []
        if parts.count == 2 {
            for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw SpecError.invalid(flag: flag, value: text, accepted: "key=value pairs separated by commas after '\(name):'")
                }
                let key = String(kv[0]).trimmingCharacters(in: " ")
                if parameters.contains(where: { $0.key == key }) {
                    throw SpecError.invalid(flag: flag, value: text, accepted: "each key at most once (\(key) repeated)")
                }
                parameters.append((key, String(kv[1]).trimmingCharacters(in: " ")))
            }
        }
    }

    private func raw(_ key: String) -> String? {
        parameters.first(where: { $0.key == key })?.value
    }

    /// A finite real parameter, `defaultValue` when absent; `valid` states the accepted range.
    public mutating func double(_ key: String, default defaultValue: Double,
                                _ range: NumericRange = .any) throws -> Double {
        used.insert(key)
        guard let text = raw(key) else { return defaultValue }
        guard let v = Double(text), v.isFinite else {
            throw SpecError.invalid(flag: flag, value: "\(name):\(key)=\(text)", accepted: "\(key) a finite number \(range.phrase)")
        }
        guard range.contains(v) else {
            throw SpecError.invalid(flag: flag, value: "\(name):\(key)=\(text)", accepted: "\(key) \(range.phrase)")
        }
        return v
    }

    /// An integer parameter in `range`.
    public mutating func int(_ key: String, default defaultValue: Int, _ range: ClosedRange<Int>) throws -> Int {
        used.insert(key)
        guard let text = raw(key) else { return defaultValue }
        guard let v = Int(text), range.contains(v) else {
            throw SpecError.invalid(flag: flag, value: "\(name):\(key)=\(text)",
                                    accepted: "\(key) an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// A data-set seed, `seed` in 0...2^32-1.
    public mutating func seed(default defaultValue: UInt32 = 1) throws -> UInt32 {
        UInt32(try int("seed", default: Int(defaultValue), 0...Int(UInt32.max)))
    }

    /// A boolean parameter (`true`/`false`, `1`/`0`, `yes`/`no`).
    public mutating func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        used.insert(key)
        guard let text = raw(key) else { return defaultValue }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            throw SpecError.invalid(flag: flag, value: "\(name):\(key)=\(text)", accepted: "\(key) true or false")
        }
    }

    /// One of a fixed set of words.
    public mutating func choice(_ key: String, default defaultValue: String, _ options: [String]) throws -> String {
        used.insert(key)
        guard let text = raw(key) else { return defaultValue }
        guard options.contains(text) else {
            throw SpecError.invalid(flag: flag, value: "\(name):\(key)=\(text)",
                                    accepted: "\(key) one of \(options.joined(separator: ", "))")
        }
        return text
    }

    /// Rejects keys no builder asked for, listing the keys that are accepted.
    public func finish() throws {
        for (key, _) in parameters where !used.contains(key) {
            let known = used.sorted().joined(separator: ", ")
            throw SpecError.invalid(flag: flag, value: "\(name):\(key)",
                                    accepted: known.isEmpty ? "no parameters for '\(name)'" : "parameters of '\(name)': \(known)")
        }
    }
}

/// The accepted range of a real-valued spec parameter.
public enum NumericRange: Sendable {
    case any, positive, nonNegative
    case open(Double, Double)          // lo < v < hi
    case closedOpen(Double, Double)    // lo <= v < hi
    case openClosed(Double, Double)    // lo < v <= hi
    case closed(Double, Double)

    func contains(_ v: Double) -> Bool {
        switch self {
        case .any: return true
        case .positive: return v > 0
        case .nonNegative: return v >= 0
        case let .open(a, b): return v > a && v < b
        case let .closedOpen(a, b): return v >= a && v < b
        case let .openClosed(a, b): return v > a && v <= b
        case let .closed(a, b): return v >= a && v <= b
        }
    }

    var phrase: String {
        switch self {
        case .any: return ""
        case .positive: return "> 0"
        case .nonNegative: return ">= 0"
        case let .open(a, b): return "in (\(a.compact), \(b.compact))"
        case let .closedOpen(a, b): return "in [\(a.compact), \(b.compact))"
        case let .openClosed(a, b): return "in (\(a.compact), \(b.compact)]"
        case let .closed(a, b): return "in [\(a.compact), \(b.compact)]"
        }
    }
}

extension Double {
    /// Shortest text that reads back as the same Double (`1` rather than `1.0`).
    public var compact: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

/// Parses a comma-separated list of finite reals (`-0.5,2`).
public func parseVector(_ text: String, flag: String) throws -> [Double] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false)
    var out: [Double] = []
    for item in items {
        let t = String(item).trimmingCharacters(in: " ")
        guard let v = Double(t), v.isFinite else {
            throw SpecError.invalid(flag: flag, value: text, accepted: "comma-separated finite numbers, e.g. -0.5,2")
        }
        out.append(v)
    }
    return out
}
