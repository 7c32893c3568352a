import EscapeLab
import Foundation

/// A straight line through ln tau against one transform of the swept
/// parameter (1/k, ln k, B, 1/eta, ln gamma, ln width, ...), Theory article, § Statistics of escape times:
/// weighted least squares with w_i = 1 / SE(ln tau_i)^2 for measurements,
/// equal weights for theory curves; slope with its standard error, and R^2.
public struct LogFit: Sendable {
    /// The abscissa's name, e.g. `1/k`.
    public let axis: String
    public let line: LinearFit

    /// ln(steps) of measurements against `x` (continuous time with `time`:
    /// the same slope whenever the learning rate is fixed along the sweep).
    public init(axis: String, x: [Double], _ m: [EscapeMeasurement], time: Bool = false) throws {
        self.axis = axis
        line = try LinearFit(x: x, y: m.map { time ? $0.logTime : log($0.steps) },
                             weights: m.map { 1 / ($0.logTimeSE * $0.logTimeSE) })
    }

    /// ln(values) of a theory curve against `x`.
    public init(axis: String, x: [Double], values: [Double]) throws {
        self.axis = axis
        line = try LinearFit(x: x, y: values.map { log($0) })
    }

    public var slope: Double { line.slope }
    public var slopeSE: Double { line.slopeSE }
    public var rSquared: Double { line.rSquared }

    /// `slope ± SE`.
    public var slopeText: String { Fmt.pm(line.slope, line.slopeSE, 3) }
    /// `slope ± SE (R² 0.998)`.
    public var summary: String { "\(slopeText) (R² \(String(format: "%.4f", line.rSquared)))" }
}
