import Foundation

/// A JSON document with ordered object keys (the summary's keys appear in
/// the documented order) and exact number output: Swift prints the shortest
/// decimal that reads back as the same Double.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// An unsigned integer wider than Int (step totals), written in full.
    case unsigned(UInt128)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A number, or null when absent; non-finite values are written as the
    /// strings "nan", "inf", "-inf" (JSON has no literal for them).
    public static func number(_ v: Double?) -> JSONValue {
        guard let v else { return .null }
        if v.isNaN { return .string("nan") }
        if v.isInfinite { return .string(v > 0 ? "inf" : "-inf") }
        return .number(v)
    }

    /// The document as text, two-space indented.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .unsigned(u): return u.description
        case let .number(d): return JSONValue.format(d)
        case let .string(s): return JSONValue.quote(s)
        case let .array(items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .array = $0 { return false }; if case .object = $0 { return false }; return true }) {
                return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
        case let .object(fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { inner + JSONValue.quote($0.0) + ": " + $0.1.rendered(indent: indent + 1) }
                .joined(separator: ",\n") + "\n\(pad)}"
        }
    }

    /// The document on one line, without spaces (shard and checkpoint headers).
    public var compact: String {
        switch self {
        case let .array(items): return "[" + items.map(\.compact).joined(separator: ",") + "]"
        case let .object(fields): return "{" + fields.map { JSONValue.quote($0.0) + ":" + $0.1.compact }.joined(separator: ",") + "}"
        default: return rendered()
        }
    }

    static func format(_ d: Double) -> String {
        guard d.isFinite else { return d.isNaN ? "\"nan\"" : (d > 0 ? "\"inf\"" : "\"-inf\"") }
        return "\(d)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}
