// Multi-class losses on the logits z of one example with true class c, up to
// four classes held in a SIMD4 (lanes past the class count are ignored).
// p = softmax(z), l = log p_c = z_c - lse(z), q = 1 - p_c = sum_{k != c} p_k
// (summed, not subtracted, so it stays accurate when p_c -> 1), and
// u_k = (delta_ck - p_k) / q (|u_k| <= 1; u = 0 when q = 0).
//
// Categorical cross-entropy, weight w_c:
//   CE = w_c (lse(z) - z_c),  grad = w_c (p - e_c),  Hess = w_c (diag p - p p^T)
// Focal loss, scalar weight alpha (Lin et al.), by the chain rule through p_c:
//   FL   = alpha q^g (lse(z) - z_c)
//   grad = alpha q^g (g p_c l - q) u
//   Hess = alpha q^g [ -psi (diag p - p p^T) + p_c q (g l + g + 1 - (g - 1) psi) u u^T ],
//   psi  = g p_c l / q - 1
// With g = 0 the focal forms reduce to cross-entropy (psi = -1, last term 0).

/// The curvature of a multi-class loss in its logits, in the compact form
/// ```
/// d2 l / dz_k dz_j = a (p_k delta_kj - p_k p_j) + b u_k u_j
/// ```
public struct LogitCurvature: Sendable {
    public var p: SIMD4<Double>
    public var u: SIMD4<Double>
    public var a: Double
    public var b: Double

    /// Entry (k, j) of the logit Hessian.
    @inline(__always)
    public func entry(_ k: Int, _ j: Int) -> Double {
        a * (p[k] * ((k == j ? 1 : 0) - p[j])) + b * u[k] * u[j]
    }
}

/// A per-example multi-class loss on softmax probabilities, with class weights.
///
/// ```
/// CE(z, c) = -w_c log softmax(z)_c
/// FL(z, c) = -alpha (1 - p_c)^gamma log p_c
/// ```
public struct SoftmaxLoss: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        case crossEntropy
        case focal(gamma: Double)
    }

    public let form: Form
    /// Number of classes K (2...4).
    public let classes: Int
    /// Per-class weights w_c (cross-entropy) or alpha in every lane (focal).
    public let weights: SIMD4<Double>

    public init(_ form: Form, classes: Int, weights: SIMD4<Double> = SIMD4(repeating: 1)) {
        precondition((2...4).contains(classes), "softmax losses hold 2...4 classes")
        self.form = form
        self.classes = classes
        self.weights = weights
    }

    /// l(z, c).
    @inline(__always)
    public func value(logits z: SIMD4<Double>, label c: Int) -> Double {
        switch form {
        case .crossEntropy: return weights[c] * (StableMath.logSumExp(z, count: classes) - z[c])
        case let .focal(g):
            let (p, lse) = StableMath.softmaxAndLogSumExp(z, count: classes)
            return weights[c] * FocalLoss.power(otherMass(p, c), g) * (lse - z[c])
        }
    }

    /// grad_z l(z, c) (lanes past the class count are 0).
    @inline(__always)
    public func gradient(logits z: SIMD4<Double>, label c: Int) -> SIMD4<Double> {
        let (p, lse) = StableMath.softmaxAndLogSumExp(z, count: classes)
        switch form {
        case .crossEntropy:
            var g = p
            g[c] -= 1
            return weights[c] * g
        case let .focal(gamma):
            let q = otherMass(p, c)
            let l = z[c] - lse
            return (weights[c] * FocalLoss.power(q, gamma) * (gamma * p[c] * l - q)) * direction(p, c, q)
        }
    }

    /// The logit Hessian of l at (z, c).
    public func curvature(logits z: SIMD4<Double>, label c: Int) -> LogitCurvature {
        let (p, lse) = StableMath.softmaxAndLogSumExp(z, count: classes)
        switch form {
        case .crossEntropy:
            return LogitCurvature(p: p, u: SIMD4(repeating: 0), a: weights[c], b: 0)
        case let .focal(g):
            let q = otherMass(p, c)
            let l = z[c] - lse
            let w = weights[c] * FocalLoss.power(q, g)
            let psi = g * p[c] * StableMath.logOver(l, complement: q) - 1
            return LogitCurvature(p: p, u: direction(p, c, q), a: -w * psi,
                                  b: w * p[c] * q * (g * l + g + 1 - (g - 1) * psi))
        }
    }

    /// q = sum_{k != c} p_k.
    @inline(__always)
    func otherMass(_ p: SIMD4<Double>, _ c: Int) -> Double {
        var q = 0.0
        for k in 0..<classes where k != c { q += p[k] }
        return q
    }

    /// u = (e_c - p) / q, or 0 when q = 0.
    @inline(__always)
    func direction(_ p: SIMD4<Double>, _ c: Int, _ q: Double) -> SIMD4<Double> {
        guard q > 0 else { return SIMD4(repeating: 0) }
        var u = SIMD4<Double>(repeating: 0)
        for k in 0..<classes { u[k] = k == c ? 1 : -p[k] / q }   // (1 - p_c) / q = 1 exactly
        return u
    }
}
