import Foundation

// The synthetic data of the classification landscapes: one Gaussian cluster
// per class in the plane, unit covariance, class sizes falling geometrically
// from the majority class 0 to the smallest class K-1 (the "exponential
// profile" of long-tailed benchmarks). With equal covariances the true class
// posterior is exactly a softmax of affine functions, so the models are well
// specified: at the cross-entropy minimum the per-sample gradient covariance
// estimates the Hessian (the Fisher identity), which the noise-covariance
// study tests. The data depend only on (n, imbalance, means, seed).

/// A labelled 2-D data set drawn from Gaussian class clusters.
public struct ClassificationData: Sendable, Equatable {
    /// x_i (2 features each).
    public let features: [SIMD2<Double>]
    /// y_i in 0..<classes; class 0 first, then class 1, ...
    public let labels: [Int]
    /// n_c, the size of each class.
    public let counts: [Int]
    /// The cluster centres mu_c.
    public let means: [SIMD2<Double>]

    public var count: Int { labels.count }
    public var classes: Int { counts.count }

    /// Draws x_i = mu_{y_i} + z_i, z_i ~ N(0, I), class by class, with
    /// `DataGenerator(seed:)` (two normals per example, in order).
    public init(count n: Int, means: [SIMD2<Double>], imbalance rho: Double, seed: UInt32) {
        let sizes = ClassificationData.classSizes(count: n, classes: means.count, imbalance: rho)
        let rng = DataGenerator(seed: seed)
        var x: [SIMD2<Double>] = []
        var y: [Int] = []
        for (c, size) in sizes.enumerated() {
            for _ in 0..<size {
                let z0 = rng.gaussian(), z1 = rng.gaussian()
                x.append(means[c] + SIMD2(z0, z1))
                y.append(c)
            }
        }
        features = x
        labels = y
        counts = sizes
        self.means = means
    }

    /// Class sizes n_c proportional to rho^(c / (K - 1)) (rho = n_min / n_max in (0, 1]),
    /// rounded by largest remainder so they sum to n, each at least 1 (n >= K).
    ///
    /// Two classes: n_1 = round(n rho / (1 + rho)), e.g. 18 of 200 at rho = 0.1.
    public static func classSizes(count n: Int, classes k: Int, imbalance rho: Double) -> [Int] {
        precondition(n >= k && k >= 2 && rho > 0 && rho <= 1)
        let shares = (0..<k).map { pow(rho, Double($0) / Double(k - 1)) }
        let total = shares.reduce(0, +)
        let raw = shares.map { Double(n) * $0 / total }
        var sizes = raw.map { Int($0.rounded(.down)) }
        let order = (0..<k).sorted { (raw[$0] - raw[$0].rounded(.down), -$0) > (raw[$1] - raw[$1].rounded(.down), -$1) }
        for j in 0..<(n - sizes.reduce(0, +)) { sizes[order[j % k]] += 1 }
        for c in 0..<k where sizes[c] == 0 {
            sizes[c] = 1
            sizes[sizes.indices.max { sizes[$0] < sizes[$1] }!] -= 1
        }
        return sizes
    }

    /// Fraction of class c's examples whose predicted class (arg-max of `scores`) is c.
    public func recall(of c: Int, scores: (SIMD2<Double>) -> [Double]) -> Double {
        var hit = 0
        for i in 0..<count where labels[i] == c {
            let s = scores(features[i])
            if s.indices.max(by: { s[$0] < s[$1] }) == c { hit += 1 }
        }
        return Double(hit) / Double(counts[c])
    }
}
