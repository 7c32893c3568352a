import EscapeLab

/// signSGD (Bernstein et al. 2018): each coordinate moves by the learning
/// rate in the direction of its gradient's sign,
/// ```
/// theta_i <- theta_i - lr sign(g_i)      (sign(0) = 0)
/// ```
/// A custom optimizer runs through `Ensemble.run(landscape:optimizer:...)`,
/// which is specialised for it in this module.
public struct SignSGD<Vector: PointVector>: Optimizer {
    public let lr: Double

    public init(lr: Double) { self.lr = lr }

    public func initialState(dimension: Int) {}

    public func step(_ x: inout Vector, gradient g: Vector, state: inout Void) {
        for i in 0..<x.laneCount where g[i] != 0 {
            x[i] -= g[i] > 0 ? lr : -lr
        }
    }
}
