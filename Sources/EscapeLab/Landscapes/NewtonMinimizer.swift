// The minimum of a finite-sum model is needed at set-up (it is where runs
// start and where the noise-covariance study compares C with H). The models
// have smooth losses and few parameters, so damped Newton with a backtracking
// line search converges in a few dozen iterations. Eigenvalues are replaced by
// their absolute values (a descent direction even where the loss is not
// convex, e.g. focal loss far from the minimum) and near-zero ones are
// skipped, which handles the softmax model's flat directions (adding the same
// vector to every class's weights changes no probability): the iterates never
// move along them, so the minimum found is the one nearest the start.

/// Damped Newton minimisation of a landscape (set-up and studies, not the hot loop).
public enum NewtonMinimizer {
    /// Iterates x <- x + t d, d = -|H|^+ grad L, t halved until the Armijo
    /// condition L(x + t d) <= L(x) + 1e-4 t grad L . d holds (or, at t = 1,
    /// the gradient halves), until
    /// max_i |grad_i L| <= `tolerance` or no step decreases L.
    public static func minimize<L: Landscape>(_ landscape: L, from start: [Double],
                                              tolerance: Double = 1e-12, maxIterations: Int = 200) -> [Double] {
        minimize(from: start, tolerance: tolerance, maxIterations: maxIterations,
                 loss: { landscape.loss(at: $0) }, gradient: { landscape.gradient(at: $0) }, hessian: { landscape.hessian(at: $0) })
    }

    /// The same iteration for a function given by its loss, gradient and
    /// Hessian (a reduced problem solved at a landscape's set-up).
    static func minimize(from start: [Double], tolerance: Double = 1e-12, maxIterations: Int = 200,
                         loss: ([Double]) -> Double, gradient: ([Double]) -> [Double],
                         hessian: ([Double]) -> Matrix) -> [Double] {
        var x = start
        let d = start.count
        for _ in 0..<maxIterations {
            let g = gradient(x)
            if g.allSatisfy({ abs($0) <= tolerance }) { break }
            guard let e = try? symmetricEigen(hessian(x)) else { break }
            let largest = e.values.map(abs).max() ?? 0
            var step = Array(repeating: 0.0, count: d)
            for j in 0..<d where abs(e.values[j]) > 1e-12 * largest {
                var proj = 0.0
                for i in 0..<d { proj += e.vectors[i, j] * g[i] }
                for i in 0..<d { step[i] -= proj / abs(e.values[j]) * e.vectors[i, j] }
            }
            let slope = zip(g, step).map(*).reduce(0, +)
            guard slope < 0 else { break }
            let f0 = loss(x)
            var t = 1.0
            var moved = false
            while t > 1e-12 {
                let trial = zip(x, step).map { $0 + t * $1 }
                // Near the minimum the decrease falls below the loss's rounding;
                // a full step that halves the gradient is then accepted.
                if loss(trial) <= f0 + 1e-4 * t * slope
                    || (t == 1 && maxAbs(gradient(trial)) < 0.5 * maxAbs(g)) {
                    x = trial
                    moved = true
                    break
                }
                t /= 2
            }
            if !moved { break }
        }
        return x
    }

    static func maxAbs(_ v: [Double]) -> Double { v.map(abs).max() ?? 0 }
}
