import Foundation

// Why a periodic well. The heavy-tails study needs a basin whose width and
// height are set independently, and a landscape on which a huge jump is
// harmless. On `double-well` a long alpha-stable jump into the quartic wall
// makes the explicit step unstable (|x| ~ w^2 / sqrt(eta h) is enough) and
// can fling the point over the barrier or to infinity; here the gradient is
// bounded, |L'| <= pi h / (2 w), and a jump just lands in another basin.

/// A 1-D periodic landscape of identical basins (a washboard without tilt):
/// ```
/// L(x) = (h / 2) (1 + cos(pi x / w))
/// ```
/// Minima at odd multiples of w (L = 0, L'' = (h/2)(pi/w)^2), barrier tops at
/// even multiples (L = h, L'' = -(h/2)(pi/w)^2): every basin has half-width w
/// and height h, set independently. Trajectories start in the minimum -w; by
/// default they have escaped on leaving its basin (-2w, 0) on either side
/// (`radius=w`).
public struct CosineWell: LandscapeParsing {
    public static let specName = "cosine-well"
    public static let summary = "cosine-well:barrier=h,width=w  L = (h/2)(1 + cos(pi x / w)) (1-D, periodic); defaults h=1, w=1; start -w; escape radius=w (out of the basin (-2w, 0))"

    /// Barrier height h.
    public let barrier: Double
    /// Basin half-width w (minimum to barrier top).
    public let width: Double
    let wavenumber: Double
    let amplitude: Double

    public init(barrier: Double = 1, width: Double = 1) {
        self.barrier = barrier
        self.width = width
        wavenumber = Double.pi / width
        amplitude = barrier / 2
    }

    public init(parsing spec: inout Spec) throws {
        self.init(barrier: try spec.double("barrier", default: 1, .positive),
                  width: try spec.double("width", default: 1, .positive))
    }

    public var spec: String { "cosine-well:barrier=\(barrier.compact),width=\(width.compact)" }
    public var dimension: Int { 1 }

    public func loss<V: PointVector>(at x: V) -> Double {
        amplitude * (1 + cos(wavenumber * x[0]))
    }

    @inline(__always)
    public func gradient<V: PointVector>(at x: V) -> V {
        var g = V(repeating: 0)
        g[0] = -amplitude * wavenumber * sin(wavenumber * x[0])
        return g
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h[0, 0] = -amplitude * wavenumber * wavenumber * cos(wavenumber * x[0])
    }

    public var start: [Double] { [-width] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [0] }
    public var defaultEscape: EscapeCriterion { .radius(width) }
    /// The barrier tops on both sides, -2w and 0.
    public var exitCount: Int { 2 }
}
