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
    public static let summary = "quadratic:k=k,dim=d,anisotropy=a,angle=deg  L = 1/2 sum k_i (Rx)_i^2, k_i = k a^(i/(d-1)), R rotates (x0,x1) by deg; defaults k=1, d=1, a=1, deg=0; start origin; escape none"

    /// Curvature of coordinate 0.
    public let k: Double
    public let dimension: Int
    /// Ratio of the largest to the smallest curvature.
    public let anisotropy: Double
    /// Rotation of the (x_0, x_1) plane, degrees.
    public let angle: Double
    /// k_i for i < d (the Hessian's eigenvalues).
    public let curvatures: [Double]
    let curvatureLanes: WidestVector
    let cosine: Double, sine: Double

    public init(k: Double = 1, dimension: Int = 1, anisotropy: Double = 1, angle: Double = 0) {
        self.k = k
        self.dimension = dimension
        self.anisotropy = anisotropy
        self.angle = dimension >= 2 ? angle : 0
        curvatures = (0..<dimension).map { i in
            dimension == 1 ? k : k * pow(anisotropy, Double(i) / Double(dimension - 1))
        }
        curvatureLanes = WidestVector(curvatures)
        cosine = cos(self.angle * .pi / 180)
        sine = sin(self.angle * .pi / 180)
    }

    public init(parsing spec: inout Spec) throws {
        self.init(k: try spec.double("k", default: 1, .positive),
                  dimension: try spec.int("dim", default: 1, 1...maximumDimension),
                  anisotropy: try spec.double("anisotropy", default: 1, .closed(1, 1e12)),
                  angle: try spec.double("angle", default: 0, .closed(-360, 360)))
    }

    public var spec: String {
        "quadratic:k=\(k.compact),dim=\(dimension),anisotropy=\(anisotropy.compact),angle=\(angle.compact)"
    }

    @inline(__always)
    func lanes<V: PointVector>(_: V.Type) -> V {
        var c = V(repeating: 0)
        for i in 0..<dimension { c[i] = curvatureLanes[i] }
        return c
    }

    /// R x (rotation of the first two coordinates).
    @inline(__always)
    func rotate<V: PointVector>(_ x: V, inverse: Bool = false) -> V {
        guard angle != 0 else { return x }
        var y = x
        let s = inverse ? -sine : sine
        y[0] = cosine * x[0] - s * x[1]
        y[1] = s * x[0] + cosine * x[1]
        return y
    }

    public func loss<V: PointVector>(at x: V) -> Double {
        let y = rotate(x)
        return 0.5 * (lanes(V.self) * y * y).sum()
    }

    public func gradient<V: PointVector>(at x: V) -> V {
        if anisotropy == 1 { return k * x }
        // grad = R^T diag(k) R x
        return rotate(lanes(V.self) * rotate(x), inverse: true)
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        for j in 0..<dimension {
            var e = V(repeating: 0)
            e[j] = 1
            let column = gradient(at: e)
            for i in 0..<dimension { h[i, j] = column[i] }
        }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .never }
}
