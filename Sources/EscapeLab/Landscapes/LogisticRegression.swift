import Foundation

/// Binary logistic regression on an imbalanced synthetic data set, 3 parameters
/// theta = (w1, w2, b):
/// ```
/// L(theta) = (1/N) sum_i l(z_i, y_i),   z_i = w . x_i + b
/// grad l_i = l'(z_i) (x_i, 1),   Hess l_i = l''(z_i) (x_i, 1)(x_i, 1)^T
/// ```
/// l is binary cross-entropy, focal loss or class-balanced cross-entropy
/// (``LossSpec``). The data (``ClassificationData``): n examples, n_1 =
/// round(n rho / (1 + rho)) of the minority label 1, clusters N(+-(sep/2) u, I)
/// with u = (0.8, 0.6) (label 1 at +), drawn from `seed`. Runs start at the
/// minimum (found by Newton's method at set-up); there is nothing to escape
/// from, so the default criterion is `none`. With only a handful of minority
/// examples (tiny n or imbalance) the classes can be linearly separable; L
/// then has no finite minimum and Newton stops after its iteration cap.
public struct LogisticRegression: ClassificationLandscape, LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = SIMD4<Double>

    public static let specName = "logistic"
    public static let summary = "binary logistic regression theta = (w1, w2, b), L = (1/N) sum l(w.x_i + b, y_i) on 2 Gaussian clusters (imbalance = n_1/n_0); start: the minimum; escape none"
    public static let parameters = LossSpec.parameters(\LogisticRegression.lossSpec)
        + ClassificationKeys.parameters(\LogisticRegression.dataKeys, minimumCount: 4)

    public let lossSpec: LossSpec
    public let loss: BinaryLoss
    public let data: ClassificationData
    public let dataKeys: ClassificationKeys
    /// The minimum of L (Newton's method from theta = 0).
    public private(set) var minimum: [Double] = []

    public init(loss: LossSpec = .crossEntropy, count: Int = 200, imbalance: Double = 0.1,
                separation: Double = 2, seed: UInt32 = 1) {
        self.init(loss: loss, ClassificationKeys(count: count, imbalance: imbalance, separation: separation, seed: seed))
    }

    init(loss: LossSpec, _ keys: ClassificationKeys) {
        lossSpec = loss
        dataKeys = keys
        let u = SIMD2<Double>(0.8, 0.6) * (keys.separation / 2)
        data = ClassificationData(count: keys.count, means: [-u, u], imbalance: keys.imbalance, seed: keys.seed)
        self.loss = loss.binary(counts: data.counts)
        minimum = NewtonMinimizer.minimize(self, from: [0, 0, 0])
    }

    public init(parsing spec: inout Spec) throws {
        let loss = try LossSpec(parsing: &spec)
        self.init(loss: loss, try ClassificationKeys(parsing: &spec, minimumCount: 4))
    }

    @inlinable public var dimension: Int { 3 }

    @inlinable @inline(__always)
    func logit<V: PointVector>(_ x: V, _ i: Int) -> Double {
        let f = data.features[i]
        return x[0] * f[0] + x[1] * f[1] + x[2]
    }

    @inlinable
    public func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double {
        loss.value(logit: logit(x, i), label: data.labels[i])
    }

    @inlinable @inline(__always)
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        let d = loss.derivatives(logit: logit(x, i), label: data.labels[i]).first
        let f = data.features[i]
        g[0] += d * f[0]
        g[1] += d * f[1]
        g[2] += d
    }

    public func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix) {
        let c = weight * loss.derivatives(logit: logit(x, i), label: data.labels[i]).second
        let f = data.features[i]
        let phi = SIMD4<Double>(f[0], f[1], 1, 0)
        for r in 0..<3 { for s in 0..<3 { h[r, s] += c * phi[r] * phi[s] } }
    }

    /// Recall of the minority label 1 at theta (share of label-1 examples with z > 0).
    public func minorityRecall(at theta: [Double]) -> Double {
        data.recall(of: 1) { x in [0, theta[0] * x[0] + theta[1] * x[1] + theta[2]] }
    }
}
