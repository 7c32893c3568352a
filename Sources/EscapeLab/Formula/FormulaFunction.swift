import Foundation

// The one-argument functions a formula may call, their values and their
// derivatives. Every function is evaluated as IEEE 754 arithmetic does: a log
// or sqrt of a negative number is NaN, log(0) is -inf, and these are values
// (a trajectory that blows up is an outcome for the simulator, not an error).
//
// sigmoid and softplus are evaluated so that no intermediate overflows: each
// exp is taken of a non-positive number, so both are exact to rounding for
// every finite argument (sigmoid(-800) = 0 rather than 1/(1 + inf), and
// softplus(800) = 800 rather than log(inf)).

/// A function of one argument, written `name(expr)` in a formula.
public enum FormulaFunction: String, CaseIterable, Sendable {
    case exp, log, sqrt, sin, cos, tanh, sigmoid, softplus

    /// The function's value at `u`.
    ///
    /// ```
    /// sigmoid(u)  = 1 / (1 + e^-u)      (as e^u / (1 + e^u) for u < 0)
    /// softplus(u) = log(1 + e^u)        (as u + log1p(e^-u) for u > 0)
    /// ```
    @inlinable
    public func callAsFunction(_ u: Double) -> Double {
        switch self {
        case .exp: return Foundation.exp(u)
        case .log: return Foundation.log(u)
        case .sqrt: return u.squareRoot()
        case .sin: return Foundation.sin(u)
        case .cos: return Foundation.cos(u)
        case .tanh: return Foundation.tanh(u)
        case .sigmoid: return Self.sigmoid(u)
        case .softplus: return Self.softplus(u)
        }
    }

    /// The logistic function 1 / (1 + e^-u), exact to rounding for every finite u.
    @inlinable @inline(__always)
    public static func sigmoid(_ u: Double) -> Double {
        if u >= 0 { return 1 / (1 + Foundation.exp(-u)) }
        let e = Foundation.exp(u)
        return e / (1 + e)
    }

    /// log(1 + e^u), exact to rounding for every finite u.
    @inlinable @inline(__always)
    public static func softplus(_ u: Double) -> Double {
        u > 0 ? u + log1p(Foundation.exp(-u)) : log1p(Foundation.exp(u))
    }
}
