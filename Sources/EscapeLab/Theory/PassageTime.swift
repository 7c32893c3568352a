import Foundation

/// A mean passage time in continuous time, carried with its logarithm so
/// that times beyond Double's range (barrier / temperature of several
/// hundred) still have an exact `logTime`.
public struct PassageTime: Equatable, Sendable {
    /// E[tau] in continuous time t = steps x eta (+infinity when `logTime` > ~709).
    public let time: Double
    /// ln E[tau], finite for every finite answer.
    public let logTime: Double

    /// The passage time exp(logTime).
    public init(logTime: Double) {
        self.logTime = logTime
        time = exp(logTime)
    }

    /// tau / eta: the mean number of steps of size eta.
    public func steps(learningRate eta: Double) -> Double { time / eta }
}

/// Why a theoretical value could not be computed.
public enum TheoryError: Error, CustomStringConvertible, Sendable {
    /// A parameter outside the formula's domain.
    case invalid(String)
    /// D(x) <= 0 at `x` on the way to the escape point: the continuous model
    /// cannot cross there, and the mean first-passage time is infinite.
    case vanishingDiffusion(at: Double)
    /// The potential does not confine on the reflecting side.
    case notConfining

    public var description: String {
        switch self {
        case let .invalid(why): return why
        case let .vanishingDiffusion(x): return "the diffusion D(x) vanishes at x = \(x.compact) on the way to the escape point: the continuous model cannot cross, the mean first-passage time is infinite"
        case .notConfining: return "the potential does not grow on the reflecting side, so the mean first-passage time with a reflecting boundary at infinity does not exist"
        }
    }
}
