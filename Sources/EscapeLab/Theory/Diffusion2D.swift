import Foundation

/// A constant symmetric positive-definite 2x2 diffusion matrix,
/// ```
/// D = [[xx, xy],
///      [xy, yy]],    dX = -grad L(X) dt + sqrt(2 D) dW.
/// ```
/// For white gradient noise of covariance C and learning rate eta, D = eta C / 2
/// (<doc:Theory#Units-and-the-Langevin-limit>); isotropic noise gives D = T I.
public struct Diffusion2D: Equatable, Sendable {
    public var xx: Double
    public var xy: Double
    public var yy: Double

    public init(xx: Double, xy: Double = 0, yy: Double) {
        self.xx = xx
        self.xy = xy
        self.yy = yy
    }

    /// D = T I.
    public static func isotropic(_ t: Double) -> Diffusion2D { Diffusion2D(xx: t, yy: t) }

    /// R D R^T, with R the counter-clockwise rotation by `angle` radians: the
    /// diffusion of the rotated process R X.
    /// ```
    /// R = [[cos a, -sin a],
    ///      [sin a,  cos a]]
    /// ```
    public func rotated(by angle: Double) -> Diffusion2D {
        let c = cos(angle), s = sin(angle)
        // R D R^T entry by entry.
        let a = c * c * xx - 2 * c * s * xy + s * s * yy
        let b = c * s * (xx - yy) + (c * c - s * s) * xy
        let d = s * s * xx + 2 * c * s * xy + c * c * yy
        return Diffusion2D(xx: a, xy: b, yy: d)
    }

    /// det D.
    public var determinant: Double { xx * yy - xy * xy }

    /// Finite entries, xx > 0 and det D > 0.
    public var isPositiveDefinite: Bool {
        xx.isFinite && xy.isFinite && yy.isFinite && xx > 0 && determinant > 0
    }

    /// D^-1 v.
    func solve(_ v: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let det = determinant
        return ((yy * v.x - xy * v.y) / det, (xx * v.y - xy * v.x) / det)
    }
}
