import Foundation

// Why a scalar deep linear network. It is the smallest landscape whose saddle
// is degenerate to any chosen order: at the origin every derivative of order
// below L vanishes, so for L >= 3 the Hessian there is zero and neither
// gradient descent nor a local quadratic model sees a way out; only noise and
// the order-L term c w_1 ... w_L do. The products below are prefix and suffix
// products (no division), so points with zero coordinates, the saddle among
// them, are exact.

/// A depth-L scalar linear network fitting the target c (dimension L):
/// ```
/// L(w) = 1/2 (w_1 w_2 ... w_L - c)^2,   P = prod_i w_i
/// dL/dw_j = (P - c) prod_{i != j} w_i
/// H_jj = (prod_{i != j} w_i)^2
/// H_jk = prod_{i != j} w_i prod_{i != k} w_i + (P - c) prod_{i != j,k} w_i   (j != k)
/// ```
/// Trajectories start at the origin, a saddle of order L - 1 (degenerate for
/// L >= 3: zero gradient and zero Hessian; for L = 2 the Hessian is
/// [[0, -c], [-c, 0]], eigenvalues -c and c; for L = 1 the origin is just a
/// point of the bowl 1/2 (w - c)^2). The global minima are the hypersurface
/// P = c; the nearest to the origin are the balanced points |w_i| = c^(1/L),
/// at distance sqrt(L) c^(1/L). By default a trajectory has escaped at half
/// that distance, `radius=sqrt(L) c^(1/L) / 2` (0.87 at the defaults L = 3,
/// c = 1), which every path from the saddle to a minimum crosses.
public struct DeepLinear: LandscapeParsing {
    public static let specName = "deep-linear"
    public static let summary = "L = 1/2 (w1 w2 ... wL - c)^2 (dimension L); start origin (a saddle of order L-1); escape radius=sqrt(L) c^(1/L)/2 (half the distance to the nearest minimum)"
    static let depthParameter = SpecParameter("depth", \DeepLinear.dimension, default: 3, 1...maximumDimension, "depth L (the dimension)")
    static let targetParameter = SpecParameter("target", \DeepLinear.target, default: 1.0, .positive, "target c of the product")
    public static let parameters = [depthParameter.info, targetParameter.info]

    /// The depth L, which is the dimension.
    public let dimension: Int
    /// The target c of the product w_1 ... w_L.
    public let target: Double

    /// The chain w_1 ... w_L fitting c.
    /// - Parameters:
    ///   - depth: the depth L (the dimension), 1...``maximumDimension``.
    ///   - target: the target c > 0 of the product.
    public init(depth: Int = 3, target: Double = 1) {
        dimension = depth
        self.target = target
    }

    public init(parsing spec: inout Spec) throws {
        self.init(depth: try spec.read(Self.depthParameter), target: try spec.read(Self.targetParameter))
    }

    /// The depth L (= ``dimension``).
    public var depth: Int { dimension }

    /// P = w_1 ... w_L.
    @inlinable @inline(__always)
    func product<V: PointVector>(_ x: V) -> Double {
        var p = 1.0
        var i = 0
        while i < dimension { p *= x[i]; i &+= 1 }
        return p
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        let r = product(x) - target
        return 0.5 * r * r
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        // Pass 1: g_j = prod_{i<j} w_i; pass 2, backwards, times the suffix
        // product prod_{i>j} w_i and the residual P - c.
        var prefix = 1.0
        var j = 0
        while j < dimension { g[j] = prefix; prefix *= x[j]; j &+= 1 }
        let r = prefix - target
        var suffix = 1.0
        j = dimension &- 1
        while j >= 0 { g[j] = r * (g[j] * suffix); suffix *= x[j]; j &-= 1 }
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        // O(L^2) and allocation-free: the diagonal first holds the suffix
        // products s_k = prod_{i>k} w_i; row j reads s_k (k > j) before
        // H_kk overwrites it. With p_j = prod_{i<j} w_i and the running
        // m = prod_{j<i<k} w_i: prod_{i!=j} = p_j s_j, prod_{i!=k} = p_j w_j m s_k,
        // prod_{i!=j,k} = p_j m s_k.
        let d = dimension
        h.zero()
        var suffix = 1.0
        for k in stride(from: d - 1, through: 0, by: -1) { h[k, k] = suffix; suffix *= x[k] }
        let r = suffix - target   // suffix is now P
        var prefix = 1.0
        for j in 0..<d {
            let wj = x[j]
            let qj = prefix * h[j, j]
            h[j, j] = qj * qj
            var middle = 1.0
            for k in (j + 1)..<d {
                let sk = h[k, k]
                let qk = prefix * wj * middle * sk
                let qjk = prefix * middle * sk
                let v = qj * qk + r * qjk
                h[j, k] = v
                h[k, j] = v
                middle *= x[k]
            }
            prefix *= wj
        }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { nil }
    public var saddle: [Double]? { start }
    public var defaultEscape: EscapeCriterion {
        .radius(0.5 * Double(dimension).squareRoot() * pow(target, 1 / Double(dimension)))
    }
}
