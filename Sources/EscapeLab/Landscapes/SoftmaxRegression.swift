import Foundation

/// Softmax (multinomial logistic) regression, 3 classes on an imbalanced
/// synthetic data set, 9 parameters: per class c the block
/// theta[3c..<3c+3] = (w_c1, w_c2, b_c), logits z_c = w_c . x + b_c.
/// ```
/// L(theta) = (1/N) sum_i l(z(x_i), y_i)
/// grad l_i:  block c = dl/dz_c (x_i, 1)
/// Hess l_i:  block (c, k) = d2l/dz_c dz_k (x_i, 1)(x_i, 1)^T
/// ```
/// l is categorical cross-entropy, focal loss or class-balanced
/// cross-entropy (``LossSpec``). The data (``ClassificationData``): class
/// sizes proportional to 1, sqrt(rho), rho; clusters N(mu_c, I) with mu_c at
/// angle 90 + 120 c degrees and radius sep / sqrt(3) (centres sep apart).
/// Adding one vector to every class's block changes no probability, so L is
/// flat along those 3 directions: the Hessian and the gradient covariance
/// both vanish there. Runs start at the minimum nearest theta = 0 (Newton);
/// the default criterion is `none`.
public struct SoftmaxRegression: ClassificationLandscape, LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = SIMD16<Double>

    public static let specName = "softmax"
    public static let summary = "3-class softmax regression, 9 parameters (w_c1, w_c2, b_c per class) on 3 Gaussian clusters; class sizes ~ 1, sqrt(rho), rho (rho = imbalance); start: the minimum; escape none"
    public static let parameters = LossSpec.parameters(\SoftmaxRegression.lossSpec)
        + ClassificationKeys.parameters(\SoftmaxRegression.dataKeys, minimumCount: 6)

    public static let classes = 3

    public let lossSpec: LossSpec
    public let loss: SoftmaxLoss
    public let data: ClassificationData
    public let dataKeys: ClassificationKeys
    /// The minimum of L nearest theta = 0 (Newton's method).
    public private(set) var minimum: [Double] = []

    public init(loss: LossSpec = .crossEntropy, count: Int = 200, imbalance: Double = 0.1,
                separation: Double = 2, seed: UInt32 = 1) {
        self.init(loss: loss, ClassificationKeys(count: count, imbalance: imbalance, separation: separation, seed: seed))
    }

    init(loss: LossSpec, _ keys: ClassificationKeys) {
        lossSpec = loss
        dataKeys = keys
        let r = keys.separation / 3.0.squareRoot()
        let means = (0..<Self.classes).map { c -> SIMD2<Double> in
            let a = Double.pi / 2 + 2 * Double.pi * Double(c) / Double(Self.classes)
            return SIMD2(r * cos(a), r * sin(a))
        }
        data = ClassificationData(count: keys.count, means: means, imbalance: keys.imbalance, seed: keys.seed)
        self.loss = loss.softmax(counts: data.counts)
        minimum = NewtonMinimizer.minimize(self, from: Array(repeating: 0, count: 9))
    }

    public init(parsing spec: inout Spec) throws {
        let loss = try LossSpec(parsing: &spec)
        self.init(loss: loss, try ClassificationKeys(parsing: &spec, minimumCount: 6))
    }

    @inlinable public var dimension: Int { 9 }

    /// The logits z_c = w_c . x_i + b_c.
    @inlinable @inline(__always)
    func logits<V: PointVector>(_ x: V, _ i: Int) -> SIMD4<Double> {
        let f = data.features[i]
        var z = SIMD4<Double>(repeating: 0)
        for c in 0..<Self.classes { z[c] = x[3 * c] * f[0] + x[3 * c + 1] * f[1] + x[3 * c + 2] }
        return z
    }

    @inlinable
    public func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double {
        loss.value(logits: logits(x, i), label: data.labels[i])
    }

    @inlinable @inline(__always)
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        let dz = loss.gradient(logits: logits(x, i), label: data.labels[i])
        let f = data.features[i]
        for c in 0..<Self.classes {
            g[3 * c] += dz[c] * f[0]
            g[3 * c + 1] += dz[c] * f[1]
            g[3 * c + 2] += dz[c]
        }
    }

    public func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix) {
        let m = loss.curvature(logits: logits(x, i), label: data.labels[i])
        let f = data.features[i]
        let phi = SIMD4<Double>(f[0], f[1], 1, 0)
        for c in 0..<Self.classes {
            for k in 0..<Self.classes {
                let w = weight * m.entry(c, k)
                for r in 0..<3 { for s in 0..<3 { h[3 * c + r, 3 * k + s] += w * phi[r] * phi[s] } }
            }
        }
    }

    /// Recall of class c at theta (share of class-c examples whose largest logit is z_c).
    public func recall(of c: Int, at theta: [Double]) -> Double {
        data.recall(of: c) { x in (0..<Self.classes).map { k in theta[3 * k] * x[0] + theta[3 * k + 1] * x[1] + theta[3 * k + 2] } }
    }
}
