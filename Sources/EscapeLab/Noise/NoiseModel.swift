// The noise of one run, prepared once (covariance factors computed with GSL
// at set-up), and the per-worker sampler that applies it every step. The
// sampler owns the scratch a step may need (a Hessian buffer, GSL eigen
// workspace, minibatch index buffers), so the hot loop allocates nothing.

/// The gradient noise of a run, ready to sample: parsed spec plus precomputed factors.
public struct NoiseModel<V: PointVector>: NoiseKernel {
    enum Kind: Sendable {
        case none
        /// Independent Gaussian per coordinate, standard deviations in `scales`.
        case diagonal
        /// Gaussian with covariance F F^T, F's columns in `factor`.
        case correlated
        case localHessian(inverseBatch: Double)
        case levy(alpha: Double, scale: Double)
        case studentT(nu: Double, scale: Double)
        case minibatch(batch: Int, replacement: Bool)
        /// N(0, trace S(x) / Tr S(x)) with S re-evaluated at every step.
        case shaped(NoiseShape, trace: Double)
    }

    let kind: Kind
    let dimension: Int
    let scales: V
    let factor: [V]
    let sampleCount: Int

    /// Prepares `spec` on `landscape`; `start` is where `hessian=start` is frozen.
    public init<L: Landscape>(_ spec: NoiseSpec, landscape: L, start: [Double]) throws {
        try spec.validate(for: landscape)
        let d = landscape.dimension
        dimension = d
        sampleCount = landscape.sampleCount
        var factor: [V] = []
        var scales = V(repeating: 0)
        var kind: Kind
        /// A covariance: diagonal ones become per-coordinate scales, others a square-root factor.
        func gaussian(covariance m: Matrix, absolute: Bool) throws -> Kind {
            let isDiagonal = (0..<d).allSatisfy { i in (0..<d).allSatisfy { j in i == j || m[i, j] == 0 } }
            if isDiagonal {
                for i in 0..<d { scales[i] = (absolute ? abs(m[i, i]) : max(m[i, i], 0)).squareRoot() }
                return scales == V(repeating: 0) ? .none : .diagonal
            }
            let f = try symmetricSquareRootFactor(m)
            factor = (0..<d).map { f.column($0, as: V.self) }
            return .correlated
        }
        switch spec {
        case .none: kind = .none
        case let .gaussian(s):
            for i in 0..<d { scales[i] = s }
            kind = s == 0 ? .none : .diagonal
        case let .sgd(b, local):
            if local {
                kind = .localHessian(inverseBatch: 1 / Double(b))
            } else {
                kind = try gaussian(covariance: (1 / Double(b)) * landscape.hessian(at: start), absolute: true)
            }
        case let .covariance(m): kind = try gaussian(covariance: m, absolute: false)
        case let .levy(a, c): kind = c == 0 ? .none : .levy(alpha: a, scale: c)
        case let .studentT(nu, s): kind = s == 0 ? .none : .studentT(nu: nu, scale: s)
        case let .minibatch(b, r): kind = .minibatch(batch: b, replacement: r)
        case let .shaped(shape, t, frozen):
            if t == 0 {
                kind = .none
            } else if shape == .isotropic || d == 1 {
                // Isotropic (and every 1-D shape) is white noise: the fast diagonal kernel.
                for i in 0..<d { scales[i] = (t / Double(d)).squareRoot() }
                kind = .diagonal
            } else if frozen {
                kind = try gaussian(covariance: shape.covariance(on: landscape, at: start, trace: t), absolute: false)
            } else {
                kind = .shaped(shape, trace: t)
            }
        }
        self.kind = kind
        self.scales = scales
        self.factor = factor
    }

    /// The noise as a diagonal Gaussian kernel, when it is one.
    var diagonalGaussian: DiagonalGaussian<V>? {
        guard case .diagonal = kind else { return nil }
        return DiagonalGaussian(scales: scales)
    }

    func makeSampler() -> NoiseSampler<V> { NoiseSampler(self) }
}

/// Applies a ``NoiseModel`` for one worker; owns that worker's scratch buffers.
final class NoiseSampler<V: PointVector>: NoiseSampling {
    let model: NoiseModel<V>
    var hessian: Matrix
    let eigen: EigenWorkspace?
    let indices: UnsafeMutableBufferPointer<Int>
    let batch: UnsafeMutableBufferPointer<Int>

    init(_ model: NoiseModel<V>) {
        self.model = model
        hessian = Matrix(dimension: model.dimension)
        var needsEigen = false
        var n = 0, b = 0
        switch model.kind {
        case .localHessian: needsEigen = model.dimension > 1
        case .shaped: needsEigen = true   // only built for dimension > 1
        case let .minibatch(batch, _): n = model.sampleCount; b = batch
        default: break
        }
        eigen = needsEigen ? EigenWorkspace(dimension: model.dimension) : nil
        indices = .allocate(capacity: n)
        for i in 0..<n { indices[i] = i }
        batch = .allocate(capacity: b)
    }

    deinit {
        indices.deallocate()
        batch.deallocate()
    }

    /// The (noisy) gradient the optimizer sees at `x`.
    @inline(__always)
    func gradient<L: Landscape>(at x: V, _ landscape: L, _ rng: RandomSource) -> V {
        let d = landscape.dimension
        switch model.kind {
        case .none:
            return landscape.gradient(at: x)
        case .diagonal:
            return DiagonalGaussian(scales: model.scales).gradient(at: x, landscape, rng)
        case .correlated:
            var g = landscape.gradient(at: x)
            var j = 0
            while j < d { g = g.addingProduct(rng.gaussian(), model.factor[j]); j &+= 1 }
            return g
        case let .localHessian(inverseBatch):
            return landscape.gradient(at: x) + localHessianKick(at: x, landscape, inverseBatch, rng)
        case let .levy(alpha, scale):
            var g = landscape.gradient(at: x)
            var i = 0
            while i < d { g[i] += rng.levy(scale: scale, alpha: alpha); i &+= 1 }
            return g
        case let .studentT(nu, scale):
            var g = landscape.gradient(at: x)
            var i = 0
            while i < d { g[i] += scale * rng.studentT(nu: nu); i &+= 1 }
            return g
        case let .minibatch(b, replacement):
            if replacement { rng.sample(batch, from: indices) } else { rng.choose(batch, from: indices) }
            var g = V(repeating: 0)
            for k in 0..<b { g += landscape.sampleGradient(at: x, sample: batch[k]) }
            return g / Double(b)
        case let .shaped(shape, trace):
            let g: V
            if shape.needsSamples {
                // C's first pass is the mean of the per-sample gradients: grad L itself.
                g = landscape.sampleGradientCovariance(at: x, into: &hessian)
            } else {
                g = landscape.gradient(at: x)
                landscape.hessian(at: x, into: &hessian)
            }
            return g + shapedKick(shape, trace, rng)
        }
    }

    /// xi ~ N(0, trace S(x) / Tr S(x)) for the shapes of ``NoiseShape`` (d > 1),
    /// with `hessian` holding C(x) for the sample shapes and H(x) for the others:
    /// d normals for diag(C), C and abs(H) (in C's or H's eigenvector order), one
    /// for the top eigenvector; zero where Tr S(x) = 0, NaN where H is not finite.
    func shapedKick(_ shape: NoiseShape, _ trace: Double, _ rng: RandomSource) -> V {
        let d = model.dimension
        var kick = V(repeating: 0)
        switch shape {
        case .isotropic:
            preconditionFailure("isotropic shaped noise runs as a diagonal Gaussian")
        case .diagonal:
            var total = 0.0
            for i in 0..<d { total += max(hessian[i, i], 0) }
            guard total > 0 else { return kick }
            for i in 0..<d { kick[i] = (trace * max(hessian[i, i], 0) / total).squareRoot() * rng.gaussian() }
        case .covariance, .hessian:
            guard let eigen, eigen.decomposeInPlace(hessian) else { return V(repeating: .nan) }
            var total = 0.0
            for j in 0..<d { total += abs(eigen.value(j)) }
            guard total > 0 else { return kick }
            return eigenKick(eigen, rng) { trace * abs($0) / total }
        case .topEigenvector:
            guard let eigen, eigen.decomposeInPlace(hessian) else { return V(repeating: .nan) }
            // The largest eigenvalue; among equal ones the last, as a stable
            // ascending sort followed by "take the last column" would pick.
            var top = 0
            for j in 1..<d where eigen.value(j) >= eigen.value(top) { top = j }
            let s = trace.squareRoot() * rng.gaussian()
            for i in 0..<d { kick[i] = s * eigen.vector(i, top) }
        }
        return kick
    }

    /// xi ~ N(0, |H(x)| / B): Q diag(sqrt(|lambda| / B)) z.
    func localHessianKick<L: Landscape>(at x: V, _ landscape: L, _ inverseBatch: Double, _ rng: RandomSource) -> V {
        landscape.hessian(at: x, into: &hessian)
        var kick = V(repeating: 0)
        guard let eigen else {
            kick[0] = (abs(hessian[0, 0]) * inverseBatch).squareRoot() * rng.gaussian()
            return kick
        }
        guard eigen.decomposeInPlace(hessian) else { return V(repeating: .nan) }
        return eigenKick(eigen, rng) { abs($0) * inverseBatch }
    }

    /// sum_j sqrt(variance(lambda_j)) z_j q_j over the decomposed eigenpairs,
    /// one normal per eigenvector in GSL's order.
    @inline(__always)
    func eigenKick(_ eigen: EigenWorkspace, _ rng: RandomSource, variance: (Double) -> Double) -> V {
        var kick = V(repeating: 0)
        for j in 0..<model.dimension {
            let s = variance(eigen.value(j)).squareRoot() * rng.gaussian()
            for i in 0..<model.dimension { kick[i] += s * eigen.vector(i, j) }
        }
        return kick
    }
}
