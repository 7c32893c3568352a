import Foundation

// Adam's second moment at a minimum. With v frozen, Adam is EMA momentum at
// eta' = eta / (sqrt(v) + eps), whose temperature is T = eta' s^2 / 2. Over a
// run v_hat tends to v = E[g^2] = s^2 + E[L'^2], and for the Gibbs density
// e^(-L/T) integration by parts gives E[L'^2] = T E[L''] ~ H_a T. Together
// they make a fixed point (Studies/inertia-laws.md section 2):
//     v = s^2 + H_a eta s^2 / (2 (sqrt(v) + eps)),   sqrt(v) ~ s (1 + eta' H_a / 4).
// Without the E[L'^2] term the law is 7-30% off at eta' H_a = 0.16.

/// The frozen second moment of Adam at a minimum.
public enum AdamSecondMoment {
    /// The fixed point of
    /// ```
    /// v = s^2 + H_a eta s^2 / (2 (sqrt(v) + eps))
    /// ```
    /// by iteration from v = s^2 (a contraction: the right side changes by
    /// at most eta H_a / 4 per unit change of sqrt(v) relative to s).
    public static func atMinimum(learningRate eta: Double, noiseVariance s2: Double, curvature ha: Double, eps: Double) -> Double {
        precondition(eta > 0 && s2 > 0 && ha >= 0, "need eta > 0, s^2 > 0, H_a >= 0")
        var v = s2
        for _ in 0..<200 {
            let next = s2 + ha * eta * s2 / (2 * (v.squareRoot() + eps))
            if abs(next - v) <= 1e-15 * v { return next }
            v = next
        }
        return v
    }
}
