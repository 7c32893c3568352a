// One declaration per parameter. A spec family (a landscape, an optimizer, a
// noise model) lists its parameters once, each with its key, default,
// accepted values, meaning and where its value lives; that list drives
// parsing (`Spec.read`), the canonical spec (`SpecFamily.renderedSpec`),
// `escapelab list` and the README's parameter tables, so none of them can
// drift from the others.

/// A value a spec parameter holds: how it reads from and writes to spec text,
/// and how its accepted values are checked and described.
public protocol SpecValue: Sendable, Equatable {
    /// The kind of constraint this value type takes (a numeric range, a set of words).
    associatedtype Accepted: Sendable
    init?(specText: String)
    var specText: String { get }
    func isAccepted(by accepted: Accepted) -> Bool
    static func phrase(_ accepted: Accepted) -> String
}

extension Double: SpecValue {
    public init?(specText: String) {
        guard let v = Double(specText), v.isFinite else { return nil }
        self = v
    }
    public var specText: String { compact }
    public func isAccepted(by range: NumericRange) -> Bool { range.contains(self) }
    public static func phrase(_ range: NumericRange) -> String {
        range.phrase.isEmpty ? "a finite number" : "a finite number \(range.phrase)"
    }
}

extension Int: SpecValue {
    public init?(specText: String) {
        guard let v = Int(specText) else { return nil }
        self = v
    }
    public var specText: String { String(self) }
    public func isAccepted(by range: ClosedRange<Int>) -> Bool { range.contains(self) }
    public static func phrase(_ range: ClosedRange<Int>) -> String {
        "an integer in \(range.lowerBound)...\(range.upperBound)"
    }
}

extension Bool: SpecValue {
    /// `true`/`false`, `1`/`0`, `yes`/`no`.
    public init?(specText: String) {
        switch specText.lowercased() {
        case "true", "1", "yes": self = true
        case "false", "0", "no": self = false
        default: return nil
        }
    }
    public var specText: String { self ? "true" : "false" }
    public func isAccepted(by _: AnyValue) -> Bool { true }
    public static func phrase(_: AnyValue) -> String { "true or false" }
}

extension String: SpecValue {
    /// A word from a fixed list (the `Accepted` value).
    public init?(specText: String) { self = specText }
    public var specText: String { self }
    public func isAccepted(by options: [String]) -> Bool { options.contains(self) }
    public static func phrase(_ options: [String]) -> String { "one of \(options.joined(separator: ", "))" }
}

/// Free text (checked by the family that reads it, e.g. a matrix's entries).
public struct SpecText: SpecValue {
    public var text: String
    public init(_ text: String) { self.text = text }
    public init?(specText: String) { text = specText }
    public var specText: String { text }
    public func isAccepted(by _: AnyValue) -> Bool { true }
    public static func phrase(_: AnyValue) -> String { "text" }
}

/// The constraint of a value type that accepts everything it can parse.
public struct AnyValue: Sendable {
    public init() {}
}

/// The accepted range of a real-valued spec parameter.
public enum NumericRange: Sendable {
    case any, positive, nonNegative
    case open(Double, Double)          // lo < v < hi
    case closedOpen(Double, Double)    // lo <= v < hi
    case openClosed(Double, Double)    // lo < v <= hi
    case closed(Double, Double)

    public func contains(_ v: Double) -> Bool {
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

    public var phrase: String {
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

/// A parameter of the spec family `Root`: key, default, accepted values,
/// meaning, and the property of `Root` that holds its value.
public struct SpecParameter<Root, Value: SpecValue>: Sendable {
    public let key: String
    public let defaultValue: Value
    public let accepted: Value.Accepted
    public let help: String
    let value: @Sendable (Root) -> Value
    let isRendered: @Sendable (Root) -> Bool
    let keyPath: KeyPath<Root, Value> & Sendable

    /// - Parameters:
    ///   - key: the spec key (`barrier`).
    ///   - keyPath: where a parsed value keeps it (renders the canonical spec).
    ///   - defaultValue: the value when the key is absent.
    ///   - accepted: the accepted values (a ``NumericRange``, a closed integer
    ///     range, a list of words, or ``AnyValue``).
    ///   - help: one line for `escapelab list` and the README.
    ///   - isRendered: (`when:`) for a key that only applies to some values of `Root`
    ///     (e.g. `gamma` with `loss=focal`): whether it is part of the spec.
    public init(_ key: String, _ keyPath: KeyPath<Root, Value> & Sendable, default defaultValue: Value,
                _ accepted: Value.Accepted, _ help: String,
                when isRendered: @escaping @Sendable (Root) -> Bool = { _ in true }) {
        self.key = key
        self.defaultValue = defaultValue
        self.accepted = accepted
        self.help = help
        self.value = { $0[keyPath: keyPath] }
        self.isRendered = isRendered
        self.keyPath = keyPath
    }

    public func accepts(_ v: Value) -> Bool { v.isAccepted(by: accepted) }
    public var acceptedPhrase: String { Value.phrase(accepted) }

    /// The type-erased declaration, for listings, rendering and building.
    public var info: ParameterInfo<Root> {
        let value = self.value, isRendered = self.isRendered, keyPath = self.keyPath, me = self
        return ParameterInfo(key: key, defaultText: defaultValue.specText, accepted: acceptedPhrase, help: help,
                             render: { isRendered($0) ? value($0).specText : nil },
                             apply: (keyPath as? WritableKeyPath<Root, Value>).map { path in
                                 let path = UncheckedSendable(path)
                                 return { root, spec in root[keyPath: path.value] = try spec.read(me) }
                             })
    }
}

/// Key paths without captured state are safe to share; the compiler cannot
/// prove it for a dynamically cast one.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A declared parameter without its value type: what listings and the
/// canonical spec need.
public struct ParameterInfo<Root>: Sendable {
    public let key: String
    public let defaultText: String
    public let accepted: String
    public let help: String
    /// The value's spec text in `root`, nil when the key does not apply to it.
    public let render: @Sendable (Root) -> String?
    /// Reads the parameter from a spec into `root` (declarations over a
    /// writable property; nil for read-only ones, which their type's
    /// `init(parsing:)` reads itself).
    let apply: (@Sendable (inout Root, inout Spec) throws -> Void)?
}

extension Spec {
    /// `initial` with every declared parameter read from this spec (defaults
    /// where absent): the whole parser of a hyperparameter struct.
    public mutating func build<Root>(_ initial: Root, _ parameters: [ParameterInfo<Root>]) throws -> Root {
        var root = initial
        for p in parameters {
            guard let apply = p.apply else { preconditionFailure("parameter \(p.key) is declared over a read-only property") }
            try apply(&root, &self)
        }
        return root
    }
}

/// What `escapelab list` and the README print for a parameter.
public struct ParameterDoc: Sendable, Equatable {
    public let key: String
    public let defaultText: String
    public let accepted: String
    public let help: String
}

/// What `escapelab list` and the README print for a spec family.
public struct SpecListing: Sendable, Equatable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterDoc]

    public init<Root>(name: String, summary: String, parameters: [ParameterInfo<Root>]) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map { ParameterDoc(key: $0.key, defaultText: $0.defaultText, accepted: $0.accepted, help: $0.help) }
    }

    /// `name:key=default,...  summary` on one line.
    public var line: String {
        let keys = parameters.map { "\($0.key)=\($0.defaultText)" }.joined(separator: ",")
        return (keys.isEmpty ? name : "\(name):\(keys)") + "  " + summary
    }
}

/// `name:key=value,...` with every applicable parameter of `value`, in declaration order.
public func renderSpec<Root>(_ name: String, _ parameters: [ParameterInfo<Root>], _ value: Root) -> String {
    let items = parameters.compactMap { p in p.render(value).map { "\(p.key)=\($0)" } }
    return items.isEmpty ? name : name + ":" + items.joined(separator: ",")
}

/// A family of specs (`name:key=value,...`) with declared parameters.
public protocol SpecFamily {
    /// The spec name (`double-well`).
    static var specName: String { get }
    /// What it is, in one line (formula, start, default escape); the
    /// parameters are listed from their declarations.
    static var summary: String { get }
    /// Every parameter, in canonical order.
    static var parameters: [ParameterInfo<Self>] { get }
}

extension SpecFamily {
    /// `name:key=value,...` with every applicable parameter, in declaration order.
    public var renderedSpec: String { renderSpec(Self.specName, Self.parameters, self) }

    /// The family as `escapelab list` prints it.
    public static var listing: SpecListing { SpecListing(name: specName, summary: summary, parameters: parameters) }
}

extension ParameterInfo {
    /// The same declaration read through `path` (a part of a larger spec).
    public func lifted<Outer>(_ path: KeyPath<Outer, Root> & Sendable) -> ParameterInfo<Outer> {
        let render = self.render
        return ParameterInfo<Outer>(key: key, defaultText: defaultText, accepted: accepted, help: help,
                                    render: { render($0[keyPath: path]) }, apply: nil)
    }
}
