import Foundation

// A student network learning a teacher of the same width: the saddle of a
// finite-sum model in any dimension (issue 10). The loss is invariant under
// permuting the student's hidden units, so at a point where every unit is
// equal the gradient is equal across units, and the point is critical for the
// full loss exactly when it is critical for the reduced problem of one
// effective unit h a tanh(w . x) in m + 1 variables. Set-up minimises that
// reduced problem by Newton's method and lifts the minimum. The Hessian there
// splits: on perturbations equal across units it is the reduced Hessian over
// h; on perturbations summing to zero over the units the output weights drop
// out of grad f, and since the reduced gradient in w is h a (1/N) sum r_i
// tanh'(z_i) x_i = 0 the (w_j, a_j) cross terms vanish too, leaving the m x m
// block M below once per unit-difference direction (h - 1 times) and zeros
// along the output-weight differences. So the lift is a saddle exactly when M
// has a negative eigenvalue, and M's smallest eigenvalue is the Hessian's.

/// A two-layer tanh student fitting a tanh teacher of the same width, d = h m + h
/// parameters (m = `inputs`, h = `hidden`):
/// ```
/// f(x; theta) = sum_{j<h} a_j tanh(w_j . x)
/// theta       = (w_0, ..., w_{h-1}, a_0, ..., a_{h-1}):  w_j = theta[j m ..< (j+1) m],  a_j = theta[h m + j]
/// L(theta)    = (1/N) sum_i 1/2 r_i^2,   r_i = f(x_i; theta) - y_i,   y_i = sum_{j<h} tanh(w*_j . x_i)
/// grad l_i    = r_i grad f:   a_j tanh'(z_j) x_i  (block w_j),   tanh(z_j)  (entry a_j),   z_j = w_j . x_i
/// Hess l_i    = grad f grad f^T + r_i Hess f,   Hess f:  a_j tanh''(z_j) x_i x_i^T  (w_j, w_j),
///               tanh'(z_j) x_i  (w_j, a_j),   0 elsewhere
/// ```
/// The data (``DataGenerator`` started from `seed`): first the teacher's
/// weights w*_j ~ N(0, I_m / m) for j < h (m normals each, unit by unit; its
/// output weights are all 1), then the inputs x_i ~ N(0, I_m) for i < N. The
/// teacher depends on (m, h, seed) only, and a larger N extends the same data.
///
/// Runs start at the symmetric critical point where every unit is equal.
/// With w_j = w and a_j = a the loss is the reduced problem
/// ```
/// R(w, a) = (1/N) sum_i 1/2 (h a tanh(w . x_i) - y_i)^2          (m + 1 variables)
/// M       = a (1/N) sum_i r_i tanh''(w . x_i) x_i x_i^T            at the lift of a critical point of R
/// ```
/// whose gradient is h times the (equal) per-unit gradient of L. Set-up
/// minimises R by Newton's method from w = (1/(h N)) sum_i y_i x_i, a = 1 (the
/// least-squares fit while tanh z ~ z) and lifts the minimum. The Hessian of L
/// there has the eigenvalues of Hess R / h, those of M (h - 1 times each) and
/// h - 1 zeros, so it is a saddle exactly when M has a negative eigenvalue;
/// ``startCurvature`` is the smallest. When R has no strict minimum (its
/// infimum can be the linear limit w -> 0, a -> infinity for small N; for
/// N <= m the effective unit fits the data exactly, on a continuum of
/// minima, and set-up does not try) or M has no negative
/// eigenvalue, runs start at theta = 0 instead (``startsAtOrigin``), also a
/// critical point with every unit equal, with Hessian eigenvalues +-|c|
/// (h times each), c = (1/N) sum_i y_i x_i, and zeros. With `hidden=1` the
/// student can be the teacher: the reduced minimum is the global minimum (L =
/// 0), reported as ``startMinimum`` with no saddle. By default a trajectory
/// has escaped at distance 0.5 from the start (`radius=0.5`).
///
/// Minibatch noise alone never escapes: at a point with every unit equal each
/// example's gradient is equal across units too, so SGD keeps the units equal,
/// bit for bit (at the origin every example's gradient is 0); for the same
/// reason the gradient covariance C has no component along unit differences.
/// Escape needs noise drawn independently across units (`gaussian`, or
/// `shaped` with shape `isotropic` or `diagonal`) or a start off the
/// equal-unit subspace. Set-up costs
/// O(N m^2 + m^3) per Newton iteration.
public struct TeacherStudent: FiniteSumLandscape, LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = DynamicVector

    public static let specName = "teacher-student"
    public static let summary = "2-layer tanh student f = sum_j a_j tanh(w_j . x), theta = (w_0..w_{h-1}, a_0..a_{h-1}), d = h m + h, L = (1/N) sum 1/2 (f(x_i) - y_i)^2, y_i from a seeded tanh teacher of width h; start: the symmetric saddle (all units equal, Newton on the reduced problem); escape radius=0.5"
    static let inputsParameter = SpecParameter("inputs", \TeacherStudent.inputs, default: 4, 1...maximumDimension, "input dimension m")
    static let hiddenParameter = SpecParameter("hidden", \TeacherStudent.hidden, default: 3, 1...maximumDimension,
                                               "hidden units h of the student and the teacher (d = h m + h)")
    static let countParameter = SpecParameter("n", \TeacherStudent.count, default: 64, 2...1_000_000, "number of examples N")
    static let seedParameter = SpecParameter("seed", \TeacherStudent.seedValue, default: 1, 0...Int(UInt32.max), "data-set seed")
    public static let parameters = [inputsParameter.info, hiddenParameter.info, countParameter.info, seedParameter.info]

    /// The most numbers the inputs may hold, N m (2^24, 128 MiB).
    public static let maximumDataSize = 1 << 24

    /// The input dimension m.
    public let inputs: Int
    /// The number of hidden units h (student and teacher).
    public let hidden: Int
    /// The number of examples N.
    public let count: Int
    /// The seed the teacher and the inputs are drawn from.
    public let seed: UInt32
    /// The inputs, example by example: x_i = features[i m ..< (i+1) m].
    public let features: [Double]
    /// The labels y_i = sum_j tanh(w*_j . x_i).
    public let labels: [Double]
    /// The teacher's weights, unit by unit: w*_j = teacherWeights[j m ..< (j+1) m].
    public let teacherWeights: [Double]
    /// The start: the lifted minimum of the reduced problem, or theta = 0.
    public private(set) var start: [Double] = []
    /// True when the reduced problem gave no saddle and runs start at theta = 0.
    public private(set) var startsAtOrigin = false
    /// The smallest eigenvalue of the Hessian at the start: min eig M, or
    /// -|c| at the origin (positive for `hidden=1`, where the start is the minimum).
    public private(set) var startCurvature = 0.0

    /// - Parameters:
    ///   - inputs: the input dimension m.
    ///   - hidden: the hidden units h of student and teacher.
    ///   - count: the number of examples N (at least 2).
    ///   - seed: the seed of the teacher and the inputs.
    public init(inputs: Int = 4, hidden: Int = 3, count: Int = 64, seed: UInt32 = 1) {
        self.inputs = inputs
        self.hidden = hidden
        self.count = count
        self.seed = seed
        let rng = DataGenerator(seed: seed)
        let sigma = 1 / Double(inputs).squareRoot()
        let teacher = (0..<(hidden * inputs)).map { _ in rng.gaussian(sigma: sigma) }
        let x = (0..<(count * inputs)).map { _ in rng.gaussian() }
        teacherWeights = teacher
        features = x
        labels = (0..<count).map { i in
            (0..<hidden).reduce(0.0) { y, j in
                y + tanh((0..<inputs).reduce(0.0) { $0 + teacher[j * inputs + $1] * x[i * inputs + $1] })
            }
        }
        findStart()
    }

    public init(parsing spec: inout Spec) throws {
        let m = try spec.read(Self.inputsParameter), h = try spec.read(Self.hiddenParameter)
        let n = try spec.read(Self.countParameter), seed = try spec.read(Self.seedParameter)
        guard h * (m + 1) <= maximumDimension else {
            throw SpecError.invalid(.landscape, value: "\(Self.specName):inputs=\(m),hidden=\(h)",
                                    accepted: "hidden * (inputs + 1) <= \(maximumDimension) parameters")
        }
        guard n * m <= Self.maximumDataSize else {
            throw SpecError.invalid(.landscape, value: "\(Self.specName):inputs=\(m),n=\(n)",
                                    accepted: "n * inputs <= \(Self.maximumDataSize) input numbers")
        }
        self.init(inputs: m, hidden: h, count: n, seed: UInt32(seed))
    }

    var seedValue: Int { Int(seed) }
    @inlinable public var dimension: Int { hidden * (inputs + 1) }
    @inlinable public var sampleCount: Int { count }

    /// z_j = w_j . x_i.
    @inlinable @inline(__always)
    func preactivation<V: PointVector>(_ theta: V, unit j: Int, sample i: Int) -> Double {
        let w = j * inputs, x = i * inputs
        var z = 0.0
        var k = 0
        while k < inputs { z += theta[w + k] * features[x + k]; k &+= 1 }
        return z
    }

    /// r_i = f(x_i; theta) - y_i.
    @inlinable @inline(__always)
    func residual<V: PointVector>(_ theta: V, _ i: Int) -> Double {
        let a = hidden * inputs
        var f = 0.0
        var j = 0
        while j < hidden { f += theta[a + j] * tanh(preactivation(theta, unit: j, sample: i)); j &+= 1 }
        return f - labels[i]
    }

    @inlinable
    public func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double {
        let r = residual(x, i)
        return 0.5 * r * r
    }

    /// Adds r_i grad f; recomputes each z_j rather than storing it (no allocation).
    @inlinable @inline(__always)
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        let r = residual(x, i)
        let a = hidden * inputs, base = i * inputs
        var j = 0
        while j < hidden {
            let t = tanh(preactivation(x, unit: j, sample: i))
            let c = r * x[a + j] * (1 - t * t)
            let w = j * inputs
            var k = 0
            while k < inputs { g[w + k] += c * features[base + k]; k &+= 1 }
            g[a + j] += r * t
            j &+= 1
        }
    }

    public func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix) {
        let r = residual(x, i)
        let m = inputs, a = hidden * inputs, base = i * inputs
        var gradF = [Double](repeating: 0, count: dimension)
        for j in 0..<hidden {
            let t = tanh(preactivation(x, unit: j, sample: i)), t1 = 1 - t * t, t2 = -2 * t * t1
            let aj = x[a + j], w = j * m
            for k in 0..<m { gradF[w + k] = aj * t1 * features[base + k] }
            gradF[a + j] = t
            let ww = weight * r * aj * t2, wa = weight * r * t1
            for k in 0..<m {
                let xk = features[base + k]
                for l in 0..<m { h[w + k, w + l] += ww * xk * features[base + l] }
                h[w + k, a + j] += wa * xk
                h[a + j, w + k] += wa * xk
            }
        }
        for p in 0..<dimension where gradF[p] != 0 {
            let c = weight * gradF[p]
            for q in 0..<dimension { h[p, q] += c * gradF[q] }
        }
    }

    /// The reduced problem R at u = (w, a): its value, gradient and (when
    /// `hessian`) Hessian, (m + 1) x (m + 1).
    func reduced(_ u: [Double], hessian wantsHessian: Bool) -> (loss: Double, gradient: [Double], hessian: Matrix?) {
        let m = inputs, hd = Double(hidden), a = u[m], n = Double(count)
        var loss = 0.0
        var g = [Double](repeating: 0, count: m + 1)
        var hess = wantsHessian ? Matrix(dimension: m + 1) : nil
        var phi = [Double](repeating: 0, count: m + 1)
        for i in 0..<count {
            let base = i * m
            var z = 0.0
            for k in 0..<m { z += u[k] * features[base + k] }
            let t = tanh(z), t1 = 1 - t * t, t2 = -2 * t * t1
            let r = hd * a * t - labels[i]
            loss += 0.5 * r * r
            for k in 0..<m { phi[k] = hd * a * t1 * features[base + k] }
            phi[m] = hd * t
            for k in 0...m { g[k] += r * phi[k] }
            guard hess != nil else { continue }
            for p in 0...m { for q in 0...m { hess![p, q] += phi[p] * phi[q] } }
            for k in 0..<m {
                let xk = features[base + k]
                for l in 0..<m { hess![k, l] += r * hd * a * t2 * xk * features[base + l] }
                hess![k, m] += r * hd * t1 * xk
                hess![m, k] += r * hd * t1 * xk
            }
        }
        if hess != nil { hess = (1 / n) * hess! }
        return (loss / n, g.map { $0 / n }, hess)
    }

    /// Newton on R from w = (1/(h N)) sum_i y_i x_i, a = 1 (at most 100
    /// iterations; not tried for N <= m); the lifted minimum when it is strict
    /// and (h >= 2) M has a negative eigenvalue, else the origin.
    mutating func findStart() {
        let m = inputs, n = Double(count)
        var c = [Double](repeating: 0, count: m)   // (1/N) sum_i y_i x_i
        for i in 0..<count { for k in 0..<m { c[k] += labels[i] * features[i * m + k] / n } }
        if count > m {
            let u = NewtonMinimizer.minimize(from: c.map { $0 / Double(hidden) } + [1], maxIterations: 100,
                                             loss: { reduced($0, hessian: false).loss },
                                             gradient: { reduced($0, hessian: false).gradient },
                                             hessian: { reduced($0, hessian: true).hessian! })
            if let curvature = saddleCurvature(at: u) {
                start = (0..<hidden).flatMap { _ in u[0..<m] } + Array(repeating: u[m], count: hidden)
                startCurvature = curvature
                return
            }
        }
        start = Array(repeating: 0, count: dimension)
        startsAtOrigin = true
        startCurvature = -c.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// The Hessian's smallest eigenvalue at the lift of u when u is a strict
    /// minimum of R (gradient <= 1e-10, eigenvalues > 1e-8 of the largest) and,
    /// for h >= 2, min eig M < -1e-8 times that largest; nil otherwise.
    func saddleCurvature(at u: [Double]) -> Double? {
        let (_, g, hess) = reduced(u, hessian: true)
        guard g.allSatisfy({ abs($0) <= 1e-10 }), let e = try? symmetricEigen(hess!).values,
              let top = e.last, e[0] > 1e-8 * top else { return nil }
        guard hidden > 1 else { return e[0] }
        let m = inputs, a = u[m]
        var mm = Matrix(dimension: m)
        for i in 0..<count {
            let base = i * m
            var z = 0.0
            for k in 0..<m { z += u[k] * features[base + k] }
            let t = tanh(z)
            let c = a * (Double(hidden) * a * t - labels[i]) * (-2 * t * (1 - t * t)) / Double(count)
            for k in 0..<m { for l in 0..<m { mm[k, l] += c * features[base + k] * features[base + l] } }
        }
        guard let lowest = try? symmetricEigen(mm).values.first, lowest < -1e-8 * top else { return nil }
        return lowest
    }

    public var startMinimum: [Double]? { hidden == 1 && !startsAtOrigin ? start : nil }
    public var saddle: [Double]? { hidden == 1 && !startsAtOrigin ? nil : start }
    public var defaultEscape: EscapeCriterion { .radius(0.5) }
}
