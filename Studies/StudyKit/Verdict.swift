import EscapeLab
import Foundation

/// The agreement rule every study table applies, written out in the cell so
/// a reader sees the numbers behind it:
/// ```
/// |measured - reference| <= k SE + bias x |reference|
/// ```
/// k standard errors for the Monte Carlo error, plus a stated bound on the
/// systematic error (O(eta) discretisation bias, or the asymptotic law's own
/// error). Tolerances are never fitted to the result.
public enum Verdict {
    /// True when `value` agrees with `reference` under the rule.
    public static func agrees(_ value: Double, se: Double, reference: Double, k: Double = 4, bias: Double) -> Bool {
        agrees(value, se: se, reference: reference, k: k, absoluteBias: bias * abs(reference))
    }

    /// The rule with the bias bound as an absolute amount: |value - reference| <= k SE + absoluteBias.
    public static func agrees(_ value: Double, se: Double, reference: Double, k: Double = 4, absoluteBias: Double) -> Bool {
        abs(value - reference) <= k * se + absoluteBias
    }

    /// "agrees (+1.2 SE, +2.1%)" or "DISAGREES (+6.3 SE, +12.7%)".
    public static func text(_ value: Double, se: Double, reference: Double, k: Double = 4, bias: Double) -> String {
        let word = agrees(value, se: se, reference: reference, k: k, bias: bias) ? "agrees" : "DISAGREES"
        return "\(word) (\(String(format: "%+.1f", (value - reference) / se)) SE, \(String(format: "%+.1f%%", 100 * (value / reference - 1))))"
    }

    /// The same with an absolute bias bound (for slopes, whose reference may be 0).
    public static func text(_ value: Double, se: Double, reference: Double, k: Double = 4, absoluteBias: Double) -> String {
        let word = agrees(value, se: se, reference: reference, k: k, absoluteBias: absoluteBias) ? "agrees" : "DISAGREES"
        return "\(word) (\(String(format: "%+.1f", (value - reference) / se)) SE, bound \(Fmt.g(k, 2)) SE + \(Fmt.g(absoluteBias, 2)))"
    }

    /// The same for a measurement in steps.
    public static func text(_ m: EscapeMeasurement, referenceSteps: Double, k: Double = 4, bias: Double) -> String {
        text(m.steps, se: m.stepsSE, reference: referenceSteps, k: k, bias: bias)
    }

    /// The rule in words, for table notes: "within 4 SE + 3%".
    public static func rule(k: Double = 4, bias: Double) -> String {
        "within \(Int(k)) SE + \(Fmt.g(100 * bias, 3))% of the reference"
    }
}
