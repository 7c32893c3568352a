// One struct evaluates every binary loss the logistic landscape offers: the
// form (cross-entropy or focal) times a per-class weight. Cross-entropy has
// weights (1, 1); focal loss has alpha_t = (1 - alpha, alpha) (Lin et al.:
// alpha weights label 1); class-balanced cross-entropy has the effective-
// number weights of ``ClassBalance``. The hot loop calls `derivatives` once
// per example, a switch on the form and a few exp/log1p.

/// A per-example binary loss as a function of the logit z, with class weights.
///
/// ```
/// l(z, y) = w_y f(m),   m = z (y = 1) or -z (y = 0)
/// dl/dz = w_y s f'(m),  d2l/dz2 = w_y f''(m),   s = +1 (y = 1) or -1 (y = 0)
/// ```
/// f is ``BinaryCrossEntropy`` or ``FocalLoss``.
public struct BinaryLoss: Sendable, Equatable {
    /// The unweighted shape f.
    public enum Form: Sendable, Equatable {
        case crossEntropy
        case focal(gamma: Double)
    }

    public let form: Form
    /// Class weights (w_0, w_1).
    public let weights: SIMD2<Double>

    public init(_ form: Form, weights: SIMD2<Double> = SIMD2(1, 1)) {
        self.form = form
        self.weights = weights
    }

    /// l(z, y).
    @inline(__always)
    public func value(logit z: Double, label y: Int) -> Double {
        let m = y == 1 ? z : -z
        switch form {
        case .crossEntropy: return weights[y] * BinaryCrossEntropy.value(margin: m)
        case let .focal(g): return weights[y] * FocalLoss.value(margin: m, gamma: g)
        }
    }

    /// (dl/dz, d2l/dz2).
    @inline(__always)
    public func derivatives(logit z: Double, label y: Int) -> (first: Double, second: Double) {
        let s: Double = y == 1 ? 1 : -1
        let d: (first: Double, second: Double)
        switch form {
        case .crossEntropy: d = BinaryCrossEntropy.derivatives(margin: s * z)
        case let .focal(g): d = FocalLoss.derivatives(margin: s * z, gamma: g)
        }
        return (weights[y] * s * d.first, weights[y] * d.second)
    }
}
