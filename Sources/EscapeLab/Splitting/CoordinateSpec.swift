import Foundation

/// Which reaction coordinate xi splitting orders its replicas by
/// (`--coordinate`). Every form is scaled so that the start is at 0 and the
/// escape set's nearest point at 1 (for `loss`: the saddle at 1).
///
/// ```
/// progress  max over exits j of (l1 min(t1, 1) + l2 max(t2, 0)) / (l1 + l2),
///           t1 = <x - m, s_j - m> / l1^2,  t2 = <x - s_j, e_j - s_j> / l2^2
///           (m start, s_j saddle j, e_j the escape set's point nearest s_j,
///            l1 = |s_j - m|, l2 = |e_j - s_j|); 1-D: (x - m) / (e - m)
/// xI        (x_I - m_I) / (e_I - m_I)   for the exit whose target moves x_I most
/// loss      (L(x) - L(m)) / (L(s) - L(m))
/// radius    |x - m| / min_j |e_j - m|
/// ```
/// The default, `progress`, is the signed progress along start -> saddle ->
/// escape set; where legs are collinear it is exactly linear in x.
public enum CoordinateSpec: Equatable, Sendable {
    case progress
    case coordinate(Int)
    case loss
    case radius

    /// The canonical spec text.
    public var spec: String {
        switch self {
        case .progress: return "progress"
        case let .coordinate(i): return "x\(i)"
        case .loss: return "loss"
        case .radius: return "radius"
        }
    }

    /// Parses `progress`, `xI`, `loss` or `radius` for a landscape of `dimension` coordinates.
    public init(parsing text: String, dimension: Int) throws {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "progress": self = .progress
        case "loss": self = .loss
        case "radius": self = .radius
        case let t where t.first == "x":
            guard let i = Int(t.dropFirst()), i >= 0, i < dimension else { fallthrough }
            self = .coordinate(i)
        default:
            throw SpecError.invalid(.coordinate, value: text, accepted: Self.accepted(dimension: dimension))
        }
    }

    static func accepted(dimension: Int) -> String {
        "progress (start -> saddle -> escape set, the default), xI (I in 0..<\(dimension)), loss, or radius"
    }
}
