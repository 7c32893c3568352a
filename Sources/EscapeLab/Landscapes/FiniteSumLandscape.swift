// Finite-sum landscapes: the loss is the mean of per-example losses over a
// synthetic data set fixed by the spec, which is what makes real minibatch
// noise (`minibatch:batch=B`) possible. A conforming type supplies one
// example's loss, gradient and Hessian; the full loss, gradient and Hessian
// below are their means (a type may replace them with faster code). The exact
// per-sample gradient covariance is what the Gaussian noise models
// approximate, and the finite-population factor is what sampling without
// replacement adds to it.

/// A landscape L(theta) = (1/N) sum_i l_i(theta) over N examples.
///
/// ```
/// L(theta)    = (1/N) sum_i l(theta; x_i, y_i)
/// grad L      = (1/N) sum_i grad l_i,   H = (1/N) sum_i Hess l_i
/// C(theta)    = (1/N) sum_i (grad l_i - grad L)(grad l_i - grad L)^T
/// ```
/// Conformers must implement ``Landscape/sampleCount`` and
/// ``Landscape/addSampleGradient(at:sample:to:)`` (the protocol's defaults are
/// for analytic landscapes).
public protocol FiniteSumLandscape: Landscape {
    /// l_i(x), the loss of example i.
    func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double
    /// Adds weight * Hess l_i(x) into `h`.
    func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix)
}

extension FiniteSumLandscape {
    /// (1/N) sum_i l_i(x).
    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        var s = 0.0
        for i in 0..<sampleCount { s += sampleLoss(at: x, sample: i) }
        return s / Double(sampleCount)
    }

    /// (1/N) sum_i grad l_i(x).
    @inlinable @inline(__always)
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        for j in 0..<dimension { g[j] = 0 }
        var i = 0
        while i < sampleCount { addSampleGradient(at: x, sample: i, to: &g); i &+= 1 }
        let n = Double(sampleCount)
        for j in 0..<dimension { g[j] /= n }
    }

    /// (1/N) sum_i Hess l_i(x).
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        let w = 1 / Double(sampleCount)
        for i in 0..<sampleCount { addSampleHessian(at: x, sample: i, weight: w, into: &h) }
    }

    /// l_i at a point given as an array.
    public func sampleLoss(at x: [Double], sample i: Int) -> Double {
        sampleLoss(at: DynamicVector(x), sample: i)
    }

    /// The covariance of the minibatch mean gradient, B of N examples:
    /// ```
    /// without replacement: C (N - B) / (B (N - 1))      with replacement: C / B
    /// ```
    public func minibatchCovariance(at x: [Double], batch b: Int, replacement: Bool = false) -> Matrix {
        MinibatchSampling.covarianceFactor(samples: sampleCount, batch: b, replacement: replacement)
            * sampleGradientCovariance(at: x)
    }
}

/// How the minibatch mean gradient's covariance relates to the per-sample one.
public enum MinibatchSampling {
    /// The factor f with Cov(minibatch mean gradient) = f C:
    /// ```
    /// f = (N - B) / (B (N - 1))   B of N without replacement (finite-population correction)
    /// f = 1 / B                   with replacement
    /// ```
    public static func covarianceFactor(samples n: Int, batch b: Int, replacement: Bool) -> Double {
        if replacement || n == 1 { return 1 / Double(b) }
        return Double(n - b) / (Double(b) * Double(n - 1))
    }
}

extension Landscape {
    /// grad l_i at a point given as an array (studies and tests; finite-sum landscapes).
    public func sampleGradient(at x: [Double], sample i: Int) -> [Double] {
        var g = DynamicVector(zeros: dimension)
        addSampleGradient(at: DynamicVector(x), sample: i, to: &g)
        return g.array(dimension)
    }

    /// The exact per-sample gradient covariance C(x) (population form, 1/N) at
    /// a point given as an array; the zero matrix for analytic landscapes.
    public func sampleGradientCovariance(at x: [Double]) -> Matrix {
        var c = Matrix(dimension: dimension)
        var mean = DynamicVector(zeros: dimension), scratch = DynamicVector(zeros: dimension)
        sampleGradientCovariance(at: DynamicVector(x), into: &c, mean: &mean, scratch: &scratch)
        return c
    }

    /// Writes the per-sample gradient covariance C(x) into `c` (d x d), two
    /// passes over the examples (mean, then centred outer products), and the
    /// mean (1/N) sum_i grad l_i(x), which is grad L(x), into `mean`; zero for
    /// analytic landscapes. `scratch` holds one sample's gradient. Allocation-free:
    /// the noise sampler calls it every step for covariance-shaped noise.
    @inlinable @inline(__always)
    public func sampleGradientCovariance<V: PointVector>(at x: V, into c: inout Matrix, mean: inout V, scratch: inout V) {
        c.zero()
        let n = sampleCount
        let d = dimension
        for r in 0..<d { mean[r] = 0 }
        guard n > 0 else { return }
        var i = 0
        while i < n { addSampleGradient(at: x, sample: i, to: &mean); i &+= 1 }
        for r in 0..<d { mean[r] /= Double(n) }
        i = 0
        while i < n {
            for r in 0..<d { scratch[r] = 0 }
            addSampleGradient(at: x, sample: i, to: &scratch)
            for r in 0..<d {
                let ar = scratch[r] - mean[r]
                for s in r..<d { c[r, s] += ar * (scratch[s] - mean[s]) }
            }
            i &+= 1
        }
        let w = 1 / Double(n)
        for r in 0..<d {
            for s in r..<d {
                c[r, s] *= w
                c[s, r] = c[r, s]
            }
        }
    }
}
