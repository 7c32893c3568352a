import Foundation

// Binary losses are written in the signed logit ("margin") m = z for label 1
// and m = -z for label 0, so that p_t = sigma(m) is the probability the model
// gives the true label. Then d/dz = s d/dm with s = +-1 and d^2/dz^2 = d^2/dm^2:
// one formula serves both labels.

/// Binary cross-entropy of one example (<doc:Theory#Losses-and-finite-sum-landscapes>).
///
/// ```
/// BCE(p, y) = -[y log p + (1 - y) log(1 - p)]
///           = softplus(-m),   m = z (y = 1) or -z (y = 0),  p = sigma(z)
/// d BCE/dm   = -(1 - p_t) = -sigma(-m)
/// d2 BCE/dm2 = p_t (1 - p_t)
/// ```
public enum BinaryCrossEntropy {
    /// -[y log p + (1 - y) log(1 - p)] for a probability p (reference form; log of 0 is +inf loss).
    public static func value(probability p: Double, label y: Int) -> Double {
        y == 1 ? -log(p) : -log1p(-p)
    }

    /// softplus(-m): the loss at margin m, finite for every finite m.
    @inline(__always)
    public static func value(margin m: Double) -> Double { StableMath.softplus(-m) }

    /// (dBCE/dm, d2BCE/dm2) at margin m.
    @inline(__always)
    public static func derivatives(margin m: Double) -> (first: Double, second: Double) {
        let q = StableMath.sigmoid(-m)   // 1 - p_t, accurate when p_t -> 1
        let p = StableMath.sigmoid(m)
        return (-q, p * q)
    }
}
