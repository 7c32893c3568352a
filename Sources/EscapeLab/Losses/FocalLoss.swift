import Foundation

// Focal loss (Lin et al. 2017) down-weights well-classified examples by
// (1 - p_t)^gamma. Written in the margin m (see BinaryCrossEntropy.swift):
// p = p_t = sigma(m), q = 1 - p = sigma(-m), l = log p = -softplus(-m).
//   FL        = -q^g l
//   dFL/dm    = q^g (g p l - q)
//   d2FL/dm2  = p q^(g+1) (g l + g + 1 - g psi),   psi = g p l / q - 1
// (derivation: dq/dm = -p q, dl/dm = q). l / q -> -1 as q -> 0, so the
// second derivative has no 0/0 for any gamma >= 0. With gamma = 0 these
// reduce to cross-entropy: -l, -q, p q.

/// Binary focal loss of one example, without its class weight alpha_t.
///
/// ```
/// FL(p_t) = -alpha_t (1 - p_t)^gamma log(p_t)
/// ```
/// Check (<doc:Theory#Losses-and-finite-sum-landscapes>): alpha_t = 0.25, gamma = 2, p_t = 0.9 gives
/// 0.25 * 0.01 * 0.10536 = 2.634e-4.
public enum FocalLoss {
    /// -alpha_t (1 - p_t)^gamma log(p_t), from the probability of the true label.
    public static func value(trueProbability pt: Double, alpha alphaT: Double = 1, gamma: Double) -> Double {
        -alphaT * pow(1 - pt, gamma) * log(pt)
    }

    /// q^gamma softplus(-m): the loss at margin m (alpha_t = 1).
    @inline(__always)
    public static func value(margin m: Double, gamma: Double) -> Double {
        power(StableMath.sigmoid(-m), gamma) * StableMath.softplus(-m)
    }

    /// (dFL/dm, d2FL/dm2) at margin m (alpha_t = 1).
    @inline(__always)
    public static func derivatives(margin m: Double, gamma g: Double) -> (first: Double, second: Double) {
        let q = StableMath.sigmoid(-m)
        let p = StableMath.sigmoid(m)
        let l = StableMath.logSigmoid(m)
        let qg = power(q, g)
        // l and q both come straight from m, so l / q is accurate for every m;
        // only q = 0 (m > ~745) needs the limit l / q -> -1.
        let psi = g * p * (q > 0 ? l / q : -1) - 1
        return (qg * (g * p * l - q), p * qg * q * (g * l + g + 1 - g * psi))
    }

    /// q^g, with the common gamma = 0 and 2 exact and cheap.
    @inline(__always)
    static func power(_ q: Double, _ g: Double) -> Double {
        if g == 0 { return 1 }
        if g == 2 { return q * q }
        return pow(q, g)
    }
}
