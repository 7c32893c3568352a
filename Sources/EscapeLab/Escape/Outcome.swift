/// How a trajectory ended. Numerical blow-ups are outcomes, not errors.
public enum Outcome: UInt8, Sendable, CaseIterable, Codable {
    /// The escape criterion was met; `steps` is the first step at which it held.
    case escaped = 0
    /// `max-steps` were taken without escape (right-censored at max-steps).
    case censored = 1
    /// The state became non-finite (NaN or infinity) at step `steps`.
    case diverged = 2

    /// The word used in records and JSON.
    public var name: String {
        switch self {
        case .escaped: return "escaped"
        case .censored: return "censored"
        case .diverged: return "diverged"
        }
    }

    /// Parses the record word.
    public init?(name: String) {
        guard let o = Outcome.allCases.first(where: { $0.name == name }) else { return nil }
        self = o
    }

    /// The one-letter code of shard files: the word's first letter (e, c, d).
    public var letter: Character { name.first! }

    /// Parses the one-letter code.
    public init?(letter: Character) {
        guard let o = Outcome.allCases.first(where: { $0.letter == letter }) else { return nil }
        self = o
    }
}
