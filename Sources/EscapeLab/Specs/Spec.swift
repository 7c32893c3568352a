// The spec grammar shared by every `--landscape`, `--optimizer` and `--noise`
// flag:   name            or   name:key=value,key=value
// Parsing is strict: unknown keys, duplicate keys, malformed or non-finite
// numbers are all errors that name the spec, the key and what is accepted.
// Parameters are read through their declarations (`SpecParameter`), so a
// key's default, accepted values and meaning are written once.

/// A parsed `name:key=value,...` spec whose parameters are consumed by a typed
/// builder; anything left unconsumed is reported as an unknown key.
public struct Spec: Sendable {
    /// What the spec describes (for error messages).
    public let field: InputField
    /// The spec's name (`double-well`).
    public let name: String
    /// The text after `name:` (empty when there is none).
    public let body: String
    /// The whole text as given.
    public let text: String
    private var parsed: [(key: String, value: String)]?
    private var used: Set<String> = []
    private var rawConsumed = false

    /// Splits `text` into its name and body; key=value pairs are parsed on first use.
    public init(_ text: String, field: InputField) throws {
        self.field = field
        self.text = text
        let trimmed = text.trimmingCharacters(in: " ")
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        name = String(parts[0]).trimmingCharacters(in: " ")
        guard !name.isEmpty else {
            throw SpecError.invalid(field, value: text, accepted: "a spec of the form name or name:key=value,...")
        }
        body = parts.count == 2 ? String(parts[1]) : ""
    }

    /// The key=value pairs of the body, in the order given.
    public mutating func parameters() throws -> [(key: String, value: String)] {
        if let parsed { return parsed }
        var out: [(key: String, value: String)] = []
        if !body.isEmpty || text.contains(":") {
            for item in body.split(separator: ",", omittingEmptySubsequences: false) {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = kv.count == 2 ? kv[0].trimmingCharacters(in: " ") : ""
                let value = kv.count == 2 ? kv[1].trimmingCharacters(in: " ") : ""
                guard !key.isEmpty, !value.isEmpty else {
                    throw SpecError.invalid(field, value: text, accepted: "key=value pairs separated by commas after '\(name):'")
                }
                if out.contains(where: { $0.key == key }) {
                    throw SpecError.invalid(field, value: text, accepted: "each key at most once (\(key) repeated)")
                }
                out.append((key, value))
            }
        }
        parsed = out
        return out
    }

    /// The raw body, for specs whose parameter is free text (`formula:EXPR`).
    public mutating func rawBody() -> String {
        rawConsumed = true
        return body
    }

    /// The text given for `key`, marking the key as known.
    mutating func raw(_ key: String) throws -> String? {
        used.insert(key)
        return try parameters().first(where: { $0.key == key })?.value
    }

    /// A declared parameter's value: its default when absent, else the given
    /// text parsed and checked against what the declaration accepts.
    public mutating func read<Root, Value>(_ parameter: SpecParameter<Root, Value>) throws -> Value {
        guard let text = try raw(parameter.key) else { return parameter.defaultValue }
        guard let v = Value(specText: text), parameter.accepts(v) else {
            throw SpecError.invalid(field, value: "\(name):\(parameter.key)=\(text)",
                                    accepted: "\(parameter.key) \(parameter.acceptedPhrase)")
        }
        return v
    }

    /// Rejects keys no builder asked for, listing the keys that are accepted.
    public mutating func finish() throws {
        if rawConsumed { return }
        for (key, _) in try parameters() where !used.contains(key) {
            let known = used.sorted().joined(separator: ", ")
            throw SpecError.invalid(field, value: "\(name):\(key)",
                                    accepted: known.isEmpty ? "no parameters for '\(name)'" : "parameters of '\(name)': \(known)")
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

/// Parses a comma-separated list of finite reals (`-0.5,2`), at most
/// ``maximumDimension`` of them.
public func parseVector(_ text: String, field: InputField) throws -> [Double] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false)
    guard items.count <= maximumDimension else {
        throw SpecError.invalid(field, value: String(text.prefix(40)) + "...", accepted: "at most \(maximumDimension) comma-separated numbers")
    }
    var out: [Double] = []
    for item in items {
        let t = String(item).trimmingCharacters(in: " ")
        guard let v = Double(t), v.isFinite else {
            throw SpecError.invalid(field, value: text, accepted: "comma-separated finite numbers, e.g. -0.5,2")
        }
        out.append(v)
    }
    return out
}
