import Foundation

/// The Styblinski-Tang function with sharpness k, d-dimensional:
/// ```
/// L(theta) = 1/2 sum_i (u_i^4 - 16 u_i^2 + 5 u_i),   u = sqrt(k) theta
/// ```
/// Per coordinate, f(u) = u^4 - 16 u^2 + 5 u has a global minimum at
/// u ~ -2.9035, a local maximum at u ~ 0.1567 and a local (higher) minimum at
/// u ~ 2.7468. Trajectories start in the local minimum (2.7468 in every
/// coordinate) / sqrt(k); the index-1 saddle towards the nearest deeper basin
/// moves one coordinate to the maximum. Default escape: some coordinate
/// reaches the global-minimum value (`min<=-2.9035/sqrt(k)`).
public struct StyblinskiTang: LandscapeParsing {
    public static let specName = "styblinski-tang"
    public static let summary = "L = 1/2 sum (u^4 - 16u^2 + 5u), u = sqrt(k) theta; start u_i = 2.7468; escape min<=-2.9035/sqrt(k)"
    static let dimensionParameter = SpecParameter("dim", \StyblinskiTang.dimension, default: 2, 1...maximumDimension, "dimension d")
    static let kParameter = SpecParameter("k", \StyblinskiTang.k, default: 1.0, .positive, "sharpness k")
    public static let parameters = [dimensionParameter.info, kParameter.info]

    public let dimension: Int
    /// Sharpness k.
    public let k: Double
    @usableFromInline let rootK: Double

    /// The three critical points of f(u) = u^4 - 16 u^2 + 5 u, ascending.
    public static let criticalPoints: (globalMinimum: Double, maximum: Double, localMinimum: Double) = {
        // Roots of f'(u) = 4u^3 - 32u + 5 by Newton from bracketing guesses.
        func root(_ guess: Double) -> Double {
            var u = guess
            for _ in 0..<60 {
                let f = 4 * u * u * u - 32 * u + 5
                let df = 12 * u * u - 32
                u -= f / df
            }
            return u
        }
        return (root(-2.9), root(0.15), root(2.75))
    }()

    public init(dimension: Int = 2, k: Double = 1) {
        self.dimension = dimension
        self.k = k
        self.rootK = k.squareRoot()
    }

    public init(parsing spec: inout Spec) throws {
        self.init(dimension: try spec.read(Self.dimensionParameter), k: try spec.read(Self.kParameter))
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        var s = 0.0
        for i in 0..<dimension {
            let u = rootK * x[i]
            let u2 = u * u
            s += u2 * u2 - 16 * u2 + 5 * u
        }
        return 0.5 * s
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        for i in 0..<dimension {
            let u = rootK * x[i]
            g[i] = 0.5 * rootK * (4 * u * u * u - 32 * u + 5)
        }
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        for i in 0..<dimension {
            let u = rootK * x[i]
            h[i, i] = 0.5 * k * (12 * u * u - 32)
        }
    }

    public var start: [Double] {
        Array(repeating: Self.criticalPoints.localMinimum / rootK, count: dimension)
    }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? {
        var s = start
        s[0] = Self.criticalPoints.maximum / rootK
        return s
    }
    /// Any one coordinate can cross its own maximum: d equivalent saddles.
    public var exitCount: Int { dimension }
    /// Saddle i moves coordinate i of the start to the maximum.
    public var exitSaddles: [[Double]] {
        (0..<dimension).map { i in
            var s = start
            s[i] = Self.criticalPoints.maximum / rootK
            return s
        }
    }
    public var defaultEscape: EscapeCriterion {
        .minimumAtMost(Self.criticalPoints.globalMinimum / rootK)
    }
}
