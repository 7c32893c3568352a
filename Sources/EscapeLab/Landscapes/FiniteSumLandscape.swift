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
/// ``Landscape/sampleGradient(at:sample:)`` (the protocol's defaults are for
/// analytic landscapes).
public protocol FiniteSumLandscape: Landscape {
    /// l_i(x), the loss of example i.
    func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double
    /// Adds weight * Hess l_i(x) into `h`.
    func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix)
}

extension FiniteSumLandscape {
    /// (1/N) sum_i l_i(x).
    public func loss<V: PointVector>(at x: V) -> Double {
        var s = 0.0
        for i in 0..<sampleCount { s += sampleLoss(at: x, sample: i) }
        return s / Double(sampleCount)
    }

    /// (1/N) sum_i grad l_i(x).
    @inline(__always)
    public func gradient<V: PointVector>(at x: V) -> V {
        var g = V(repeating: 0)
        var i = 0
        while i < sampleCount { g += sampleGradient(at: x, sample: i); i &+= 1 }
        return g / Double(sampleCount)
    }

    /// (1/N) sum_i Hess l_i(x).
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        let w = 1 / Double(sampleCount)
        for i in 0..<sampleCount { addSampleHessian(at: x, sample: i, weight: w, into: &h) }
    }

    /// grad l_i at a point given as an array (studies and tests).
    public func sampleGradient(at x: [Double], sample i: Int) -> [Double] {
        sampleGradient(at: WidestVector(x), sample: i).array(dimension)
    }

    /// l_i at a point given as an array.
    public func sampleLoss(at x: [Double], sample i: Int) -> Double {
        sampleLoss(at: WidestVector(x), sample: i)
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
    /// The exact per-sample gradient covariance C(x) (population form, 1/N) at
    /// a point given as an array; the zero matrix for analytic landscapes.
    public func sampleGradientCovariance(at x: [Double]) -> Matrix {
        var c = Matrix(dimension: dimension)
        sampleGradientCovariance(at: WidestVector(x), into: &c)
        return c
    }

    /// Writes the per-sample gradient covariance C(x) into `c` (d x d), two
    /// passes over the examples (mean, then centred outer products), and
    /// returns the mean (1/N) sum_i grad l_i(x), which is grad L(x); the zero
    /// matrix and vector for analytic landscapes. Allocation-free: the noise
    /// sampler calls it every step for covariance-shaped noise.
    @inline(__always) @discardableResult
    public func sampleGradientCovariance<V: PointVector>(at x: V, into c: inout Matrix) -> V {
        c.zero()
        let n = sampleCount
        guard n > 0 else { return V(repeating: 0) }
        var mean = V(repeating: 0)
        var i = 0
        while i < n { mean += sampleGradient(at: x, sample: i); i &+= 1 }
        mean /= Double(n)
        let d = dimension
        i = 0
        while i < n {
            let a = sampleGradient(at: x, sample: i) - mean
            for r in 0..<d { for s in r..<d { c[r, s] += a[r] * a[s] } }
            i &+= 1
        }
        let w = 1 / Double(n)
        for r in 0..<d {
            for s in r..<d {
                c[r, s] *= w
                c[s, r] = c[r, s]
            }
        }
        return mean
    }
}
