// The noise of one run, prepared once (covariance factors computed with GSL
// at set-up), and the per-worker sampler that applies it every step. The
// sampler owns the scratch a step may need (a Hessian buffer, GSL eigen
// workspace, minibatch index buffers), so the hot loop allocates nothing.

/// The gradient noise of a run, ready to sample: parsed spec plus precomputed factors.
public struct NoiseModel<V: PointVector>: NoiseKernel {
    @usableFromInline
    enum Kind: Sendable {
        case none
        /// Independent Gaussian per coordinate, standard deviations in `scales`.
        case diagonal
        /// Gaussian with covariance F F^T, F's columns in `factor`.
        case correlated
        case localHessian(inverseBatch: Double, floor: Double)
        /// kick ~ sqrt(2 max(L(x), 0)) times N(0, M_h(H) / B): H at the current point
        /// (`local`), or frozen at the start in `scales` (diagonal) or `factor`.
        case lossScaled(local: Bool, inverseBatch: Double, floor: Double)
        case levy(alpha: Double, scale: Double)
        case studentT(nu: Double, scale: Double)
        case minibatch(batch: Int, replacement: Bool)
        /// N(0, trace S(x) / Tr S(x)) with S re-evaluated at every step.
        case shaped(NoiseShape, trace: Double)
    }

    @usableFromInline let kind: Kind
    @usableFromInline let dimension: Int
    @usableFromInline let scales: V
    @usableFromInline let factor: [V]
    @usableFromInline let sampleCount: Int

    /// Prepares `spec` on `landscape`; `start` is where `hessian=start` is frozen.
    public init<L: Landscape>(_ spec: NoiseSpec, landscape: L, start: [Double]) throws {
        try spec.validate(for: landscape)
        let d = landscape.dimension
        dimension = d
        sampleCount = landscape.sampleCount
        var factor: [V] = []
        var scales = V(zeros: d)
        var kind: Kind
        /// A covariance: diagonal ones become per-coordinate scales, others a square-root factor.
        func gaussian(covariance m: Matrix, absolute: Bool) throws -> Kind {
            if m.isDiagonal {
                for i in 0..<d { scales[i] = (absolute ? abs(m[i, i]) : max(m[i, i], 0)).squareRoot() }
                return (0..<d).allSatisfy({ scales[$0] == 0 }) ? .none : .diagonal
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
        case let .sgd(b, local, h):
            if local {
                kind = .localHessian(inverseBatch: 1 / Double(b), floor: h)
            } else if h == 0 {
                kind = try gaussian(covariance: (1 / Double(b)) * landscape.hessian(at: start), absolute: true)
            } else {
                kind = try gaussian(covariance: (1 / Double(b)) * CurvatureMagnitude.matrix(landscape.hessian(at: start), floor: h),
                                    absolute: false)
            }
        case let .lossScaled(b, local, h):
            if local {
                kind = .lossScaled(local: true, inverseBatch: 1 / Double(b), floor: h)
            } else {
                let frozen = try gaussian(covariance: (1 / Double(b)) * CurvatureMagnitude.matrix(landscape.hessian(at: start), floor: h),
                                          absolute: false)
                if case .none = frozen { kind = .none } else { kind = .lossScaled(local: false, inverseBatch: 1 / Double(b), floor: h) }
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
    @inlinable
    public var diagonalGaussian: DiagonalGaussian<V>? {
        guard case .diagonal = kind else { return nil }
        return DiagonalGaussian(scales: scales, dimension: dimension)
    }

    @inlinable
    public func makeSampler() -> NoiseSampler<V> { NoiseSampler(self) }
}

/// Applies a ``NoiseModel`` for one worker; owns that worker's scratch buffers.
public final class NoiseSampler<V: PointVector>: NoiseSampling {
    @usableFromInline let model: NoiseModel<V>
    @usableFromInline @exclusivity(unchecked) var hessian: Matrix
    @usableFromInline @exclusivity(unchecked) var kick: V
    @usableFromInline @exclusivity(unchecked) var scratch: V
    @usableFromInline let eigen: EigenWorkspace?
    @usableFromInline let indices: UnsafeMutableBufferPointer<Int>
    @usableFromInline let batch: UnsafeMutableBufferPointer<Int>

    @usableFromInline
    init(_ model: NoiseModel<V>) {
        self.model = model
        hessian = Matrix(dimension: model.dimension)
        kick = V(zeros: model.dimension)
        scratch = V(zeros: model.dimension)
        var needsEigen = false
        var n = 0, b = 0
        switch model.kind {
        case .localHessian, .lossScaled(local: true, _, _): needsEigen = model.dimension > 1
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

    /// Writes the (noisy) gradient the optimizer sees at `x` into `g`.
    /// (Not forced inline: the general sampler is one call per step, which
    /// keeps each specialised hot loop small; the common case runs
    /// ``DiagonalGaussian`` instead.)
    @inlinable
    public func gradient<L: Landscape>(at x: V, _ landscape: L, _ rng: RandomSource, into g: inout V) {
        let d = landscape.dimension
        switch model.kind {
        case .none:
            landscape.gradient(at: x, into: &g)
        case .diagonal:
            var i = 0
            while i < d { kick[i] = model.scales[i] * rng.gaussian(); i &+= 1 }
            landscape.gradient(at: x, adding: kick, into: &g)
        case .correlated:
            landscape.gradient(at: x, into: &g)
            var j = 0
            while j < d {
                let z = rng.gaussian()
                let f = model.factor[j]
                for i in 0..<g.laneCount { g[i] = g[i].addingProduct(z, f[i]) }
                j &+= 1
            }
        case let .localHessian(inverseBatch, floor):
            landscape.gradient(at: x, into: &g)
            localHessianKick(at: x, landscape, inverseBatch, floor, rng)
            for i in 0..<g.laneCount { g[i] += kick[i] }
        case let .lossScaled(local, inverseBatch, floor):
            landscape.gradient(at: x, into: &g)
            let s = (2 * max(landscape.loss(at: x), 0)).squareRoot()
            if local { localHessianKick(at: x, landscape, inverseBatch, floor, rng) } else { frozenKick(rng) }
            for i in 0..<g.laneCount { g[i] = g[i].addingProduct(s, kick[i]) }
        case let .levy(alpha, scale):
            landscape.gradient(at: x, into: &g)
            var i = 0
            while i < d { g[i] += rng.levy(scale: scale, alpha: alpha); i &+= 1 }
        case let .studentT(nu, scale):
            landscape.gradient(at: x, into: &g)
            var i = 0
            while i < d { g[i] += scale * rng.studentT(nu: nu); i &+= 1 }
        case let .minibatch(b, replacement):
            if replacement { rng.sample(batch, from: indices) } else { rng.choose(batch, from: indices) }
            for i in 0..<d { g[i] = 0 }
            for k in 0..<b { landscape.addSampleGradient(at: x, sample: batch[k], to: &g) }
            let n = Double(b)
            for i in 0..<d { g[i] /= n }
        case let .shaped(shape, trace):
            if shape.needsSamples {
                // C's first pass is the mean of the per-sample gradients: grad L itself.
                landscape.sampleGradientCovariance(at: x, into: &hessian, mean: &g, scratch: &scratch)
            } else {
                landscape.gradient(at: x, into: &g)
                landscape.hessian(at: x, into: &hessian)
            }
            shapedKick(shape, trace, rng)
            for i in 0..<g.laneCount { g[i] += kick[i] }
        }
    }

    /// kick ~ N(0, trace S(x) / Tr S(x)) for the shapes of ``NoiseShape`` (d > 1),
    /// with `hessian` holding C(x) for the sample shapes and H(x) for the others:
    /// d normals for diag(C), C and abs(H) (in C's or H's eigenvector order), one
    /// for the top eigenvector; zero where Tr S(x) = 0, NaN where H is not finite.
    @inlinable @inline(never)
    func shapedKick(_ shape: NoiseShape, _ trace: Double, _ rng: RandomSource) {
        let d = model.dimension
        kick.setZero()
        switch shape {
        case .isotropic:
            preconditionFailure("isotropic shaped noise runs as a diagonal Gaussian")
        case .diagonal:
            var total = 0.0
            for i in 0..<d { total += max(hessian[i, i], 0) }
            guard total > 0 else { return }
            for i in 0..<d { kick[i] = (trace * max(hessian[i, i], 0) / total).squareRoot() * rng.gaussian() }
        case .covariance, .hessian:
            guard let eigen, eigen.decomposeInPlace(hessian) else { return fillNaN(d) }
            var total = 0.0
            for j in 0..<d { total += abs(eigen.value(j)) }
            guard total > 0 else { return }
            eigenKick(eigen, rng) { trace * abs($0) / total }
        case .topEigenvector:
            guard let eigen, eigen.decomposeInPlace(hessian) else { return fillNaN(d) }
            // The largest eigenvalue; among equal ones the last, as a stable
            // ascending sort followed by "take the last column" would pick.
            var top = 0
            for j in 1..<d where eigen.value(j) >= eigen.value(top) { top = j }
            let s = trace.squareRoot() * rng.gaussian()
            for i in 0..<d { kick[i] = s * eigen.vector(i, top) }
        }
    }

    @inlinable @inline(never)
    func fillNaN(_ d: Int) {
        for i in 0..<d { kick[i] = .nan }
    }

    /// kick ~ N(0, M_h(H(x)) / B): Q diag(sqrt(m_h(lambda) / B)) z (``CurvatureMagnitude``; h = 0 is |H|).
    @inlinable @inline(never)
    func localHessianKick<L: Landscape>(at x: V, _ landscape: L, _ inverseBatch: Double, _ floor: Double, _ rng: RandomSource) {
        landscape.hessian(at: x, into: &hessian)
        guard let eigen else {
            kick[0] = (CurvatureMagnitude.scalar(hessian[0, 0], floor: floor) * inverseBatch).squareRoot() * rng.gaussian()
            return
        }
        kick.setZero()
        guard eigen.decomposeInPlace(hessian) else { return fillNaN(model.dimension) }
        eigenKick(eigen, rng) { CurvatureMagnitude.scalar($0, floor: floor) * inverseBatch }
    }

    /// kick ~ N(0, Sigma) for the covariance frozen at set-up: per-coordinate
    /// `scales` when it is diagonal, else sum_j z_j F_j over the factor's columns.
    @inlinable
    func frozenKick(_ rng: RandomSource) {
        let d = model.dimension
        if model.factor.isEmpty {
            var i = 0
            while i < d { kick[i] = model.scales[i] * rng.gaussian(); i &+= 1 }
            return
        }
        kick.setZero()
        var j = 0
        while j < d {
            let z = rng.gaussian()
            let f = model.factor[j]
            for i in 0..<kick.laneCount { kick[i] = kick[i].addingProduct(z, f[i]) }
            j &+= 1
        }
    }

    /// kick = sum_j sqrt(variance(lambda_j)) z_j q_j over the decomposed
    /// eigenpairs, one normal per eigenvector in GSL's order (kick is zero on entry).
    @inlinable
    func eigenKick(_ eigen: EigenWorkspace, _ rng: RandomSource, variance: (Double) -> Double) {
        for j in 0..<model.dimension {
            let s = variance(eigen.value(j)).squareRoot() * rng.gaussian()
            for i in 0..<model.dimension { kick[i] += s * eigen.vector(i, j) }
        }
    }
}
