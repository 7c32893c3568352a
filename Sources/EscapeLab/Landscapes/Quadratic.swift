import Foundation

/// A convex quadratic bowl, d-dimensional, isotropic or anisotropic:
/// ```
/// L(x) = 1/2 sum_i k_i x_i^2,   k_i = k * a^(i/(d-1))
/// ```
/// a = `anisotropy` >= 1 spreads the curvatures geometrically from k to a k
/// (a = 1: isotropic). There is nothing to escape from: by default runs go to
/// `--max-steps` (`--escape none`) and the final points sample the stationary
/// distribution. For SGD with white noise of scale sigma the stationary
/// variance per coordinate is exactly eta sigma^2 / (k_i (2 - eta k_i)).
public struct Quadratic: LandscapeParsing {
    public static let specName = "quadratic"
    public static let summary = "quadratic:k=k,dim=d,anisotropy=a  L = 1/2 sum k_i x_i^2, k_i = k a^(i/(d-1)); defaults k=1, d=1, a=1; start origin; escape none"

    /// Curvature of coordinate 0.
    public let k: Double
    public let dimension: Int
    /// Ratio of the largest to the smallest curvature.
    public let anisotropy: Double
    /// k_i for i < d.
    public let curvatures: [Double]
    let curvatureLanes: WidestVector

    public init(k: Double = 1, dimension: Int = 1, anisotropy: Double = 1) {
        self.k = k
        self.dimension = dimension
        self.anisotropy = anisotropy
        curvatures = (0..<dimension).map { i in
            dimension == 1 ? k : k * pow(anisotropy, Double(i) / Double(dimension - 1))
        }
        curvatureLanes = WidestVector(curvatures)
    }

    public init(parsing spec: inout Spec) throws {
        self.init(k: try spec.double("k", default: 1, .positive),
                  dimension: try spec.int("dim", default: 1, 1...maximumDimension),
                  anisotropy: try spec.double("anisotropy", default: 1, .closed(1, 1e12)))
    }

    public var spec: String {
        "quadratic:k=\(k.compact),dim=\(dimension),anisotropy=\(anisotropy.compact)"
    }

    @inline(__always)
    func lanes<V: PointVector>(_: V.Type) -> V {
        var c = V(repeating: 0)
        for i in 0..<dimension { c[i] = curvatureLanes[i] }
        return c
    }

    public func loss<V: PointVector>(at x: V) -> Double {
        0.5 * (lanes(V.self) * x * x).sum()
    }

    public func gradient<V: PointVector>(at x: V) -> V {
        if anisotropy == 1 { return k * x }
        return lanes(V.self) * x
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        for i in 0..<dimension { h[i, i] = curvatures[i] }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .none }
}
