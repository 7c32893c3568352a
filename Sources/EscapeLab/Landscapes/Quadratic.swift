import Foundation

/// A convex quadratic bowl, d-dimensional, isotropic or anisotropic, optionally rotated:
/// ```
/// L(x) = 1/2 (R x)^T diag(k_i) (R x),   k_i = k * a^(i/(d-1))
/// ```
/// a = `anisotropy` >= 1 spreads the curvatures geometrically from k to a k
/// (a = 1: isotropic); R rotates the (x_0, x_1) plane by `angle` degrees
/// (d >= 2), which makes the Hessian R^T diag(k) R non-diagonal. There is
/// nothing to escape from: by default runs go to `--max-steps` (`--escape
/// none`) and the final points sample the stationary distribution. For SGD with
/// white noise of scale sigma the stationary variance along eigenvector i is
/// exactly eta sigma^2 / (k_i (2 - eta k_i)).
public struct Quadratic: LandscapeParsing {
    public static let specName = "quadratic"
    public static let summary = "L = 1/2 sum k_i (Rx)_i^2, k_i = k a^(i/(d-1)), R rotates (x0,x1) by deg; start origin; escape none"
    static let kParameter = SpecParameter("k", \Quadratic.k, default: 1.0, .positive, "curvature k of coordinate 0")
    static let dimensionParameter = SpecParameter("dim", \Quadratic.dimension, default: 1, 1...maximumDimension, "dimension d")
    static let anisotropyParameter = SpecParameter("anisotropy", \Quadratic.anisotropy, default: 1.0, .closed(1, 1e12),
                                                   "ratio a of the largest to the smallest curvature")
    static let angleParameter = SpecParameter("angle", \Quadratic.angle, default: 0.0, .closed(-360, 360),
                                              "rotation of the (x0, x1) plane, degrees (d >= 2)")
    public static let parameters = [kParameter.info, dimensionParameter.info, anisotropyParameter.info, angleParameter.info]

    /// Curvature of coordinate 0.
    public let k: Double
    public let dimension: Int
    /// Ratio of the largest to the smallest curvature.
    public let anisotropy: Double
    /// Rotation of the (x_0, x_1) plane, degrees.
    public let angle: Double
    /// k_i for i < d (the Hessian's eigenvalues).
    public let curvatures: [Double]
    @usableFromInline let cosine: Double, sine: Double

    public init(k: Double = 1, dimension: Int = 1, anisotropy: Double = 1, angle: Double = 0) {
        self.k = k
        self.dimension = dimension
        self.anisotropy = anisotropy
        self.angle = dimension >= 2 ? angle : 0
        curvatures = (0..<dimension).map { i in
            dimension == 1 ? k : k * pow(anisotropy, Double(i) / Double(dimension - 1))
        }
        cosine = cos(self.angle * .pi / 180)
        sine = sin(self.angle * .pi / 180)
    }

    public init(parsing spec: inout Spec) throws {
        self.init(k: try spec.read(Self.kParameter), dimension: try spec.read(Self.dimensionParameter),
                  anisotropy: try spec.read(Self.anisotropyParameter), angle: try spec.read(Self.angleParameter))
    }

    /// Coordinate i of R x (the rotation touches only the first two).
    @inlinable @inline(__always)
    func rotated<V: PointVector>(_ x: V, _ i: Int, inverse: Bool = false) -> Double {
        guard angle != 0, i < 2 else { return x[i] }
        let s = inverse ? -sine : sine
        return i == 0 ? cosine * x[0] - s * x[1] : s * x[0] + cosine * x[1]
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        0.5 * x.sum { i in
            guard i < dimension else { return 0 }
            let y = rotated(x, i)
            return curvatures[i] * y * y
        }
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        if anisotropy == 1 {
            for i in 0..<dimension { g[i] = k * x[i] }
            return
        }
        // grad = R^T diag(k) R x
        if angle == 0 {
            for i in 0..<dimension { g[i] = curvatures[i] * x[i] }
            return
        }
        let z0 = curvatures[0] * rotated(x, 0), z1 = curvatures[1] * rotated(x, 1)
        let s = -sine
        g[0] = cosine * z0 - s * z1
        g[1] = s * z0 + cosine * z1
        for i in 2..<dimension { g[i] = curvatures[i] * x[i] }
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        if anisotropy == 1 {
            for i in 0..<dimension { h[i, i] = k }
            return
        }
        for i in 0..<dimension { h[i, i] = curvatures[i] }
        guard angle != 0 else { return }
        // Columns 0 and 1: the gradient at the unit vectors e_0, e_1.
        for j in 0..<2 {
            var e = SIMD2<Double>(zeros: 2)
            e[j] = 1
            var column = SIMD2<Double>(zeros: 2)
            let z0 = curvatures[0] * rotated(e, 0), z1 = curvatures[1] * rotated(e, 1)
            let s = -sine
            column[0] = cosine * z0 - s * z1
            column[1] = s * z0 + cosine * z1
            h[0, j] = column[0]
            h[1, j] = column[1]
        }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .never }
}
