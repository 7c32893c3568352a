import Foundation

/// Class weights of class-balanced cross-entropy (Cui et al. 2019, "Class-
/// Balanced Loss Based on Effective Number of Samples").
///
/// ```
/// E_c = (1 - beta^{n_c}) / (1 - beta)      effective number of class c
/// w_c = K (1 / E_c) / sum_k (1 / E_k)      so that sum_c w_c = K
/// ```
/// beta = 0 gives equal weights (plain cross-entropy); beta -> 1 gives
/// weights proportional to 1 / n_c (inverse class frequency).
public enum ClassBalance {
    /// The weights w_c for class sizes `counts` (each >= 1) and 0 <= beta < 1.
    public static func weights(counts: [Int], beta: Double) -> [Double] {
        precondition(counts.allSatisfy { $0 >= 1 } && beta >= 0 && beta < 1)
        // 1 / E_c = (1 - beta) / (1 - beta^n), computed as -expm1(log beta) / -expm1(n log beta).
        let inverse = counts.map { n -> Double in
            beta == 0 ? 1 : expm1(log(beta)) / expm1(Double(n) * log(beta))
        }
        let total = inverse.reduce(0, +)
        return inverse.map { Double(counts.count) * $0 / total }
    }
}
