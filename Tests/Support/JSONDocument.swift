import Foundation

/// The CLI's JSON output read back with Foundation's JSONSerialization (the
/// tests' only JSON reader), with typed accessors.
public struct JSONDocument: @unchecked Sendable, Equatable {
    public let value: Any

    /// Equal when their canonical texts (sorted keys) are.
    public static func == (a: JSONDocument, b: JSONDocument) -> Bool { a.canonical == b.canonical }

    /// The value as JSON with sorted keys.
    public var canonical: String {
        guard let d = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
            return "\(value)"
        }
        return String(decoding: d, as: UTF8.self)
    }

    public init(_ value: Any) { self.value = value }

    /// The field `key` of an object.
    public subscript(key: String) -> JSONDocument? {
        (value as? [String: Any])?[key].map(JSONDocument.init)
    }

    /// An integral number. (On Linux an NSNumber holding 0 or 1 also casts
    /// to Bool, so `true` and `1` are not told apart here.)
    public var intValue: Int? {
        guard let n = value as? NSNumber else { return nil }
        let d = n.doubleValue
        return d == d.rounded() && abs(d) < 9.2e18 ? n.intValue : nil
    }

    /// A number, or a non-finite value written as the string "nan", "inf", "-inf".
    public var doubleValue: Double? {
        if let n = value as? NSNumber { return n.doubleValue }
        switch value as? String {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    public var stringValue: String? { value as? String }
    public var boolValue: Bool? { value as? Bool }
    public var arrayValue: [JSONDocument]? { (value as? [Any])?.map(JSONDocument.init) }
    public var isNull: Bool { value is NSNull }
}

/// Parses JSON text (throws when it is not JSON).
public enum JSONParser {
    public static func parse(_ text: String) throws -> JSONDocument {
        JSONDocument(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }
}
