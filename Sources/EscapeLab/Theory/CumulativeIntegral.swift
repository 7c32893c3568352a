// A running integral F(x) = Int_{a}^{x} f, tabulated once and then evaluated
// anywhere at the cost of one short Gauss-Kronrod rule. It is what makes the
// exact mean first-passage time a single-level quadrature: the inner
// integral (and Phi = Int U'/D when D varies) is read off the table instead
// of being integrated from scratch at every point of the outer integral.

/// F(x) = Int_{a}^{x} f(u) du on [a, b], tabulated at n + 1 uniform nodes.
///
/// Construction: F(node_{k+1}) = F(node_k) + Int over panel k (adaptive GSL
/// QAGS), O(n) quadratures. Evaluation at x: F(nearest node) plus the
/// integral from that node to x (`gsl_integration_qng`, usually 21 points on
/// at most half a panel). Outside [a, b] the integral from the nearer end is
/// adaptive. Quadrature failures evaluate to NaN, which callers detect once.
struct CumulativeIntegral {
    let f: (Double) -> Double
    let a: Double
    let b: Double
    let step: Double
    /// F at a + k step, k = 0...n.
    let values: [Double]
    let tolerance: Quadrature.Tolerance

    init(_ f: @escaping (Double) -> Double, from a: Double, to b: Double, panels n: Int,
         tolerance: Quadrature.Tolerance) throws {
        precondition(b > a && n >= 1, "a cumulative integral needs a < b and a panel")
        self.f = f
        self.a = a
        self.b = b
        self.tolerance = tolerance
        step = (b - a) / Double(n)
        var values = [0.0]
        values.reserveCapacity(n + 1)
        var x = a
        for k in 1...n {
            let next = k == n ? b : a + Double(k) * step
            values.append(values[k - 1] + (try Quadrature.integrate(f, from: x, to: next, tolerance: tolerance)))
            x = next
        }
        self.values = values
    }

    /// F(x) = Int_a^x f (NaN when a quadrature fails).
    func callAsFunction(_ x: Double) -> Double {
        if x <= a { return -((try? Quadrature.integrate(f, from: x, to: a, tolerance: tolerance)) ?? .nan) }
        if x >= b { return values[values.count - 1] + ((try? Quadrature.integrate(f, from: b, to: x, tolerance: tolerance)) ?? .nan) }
        let k = min(max(Int(((x - a) / step).rounded()), 0), values.count - 1)
        let node = k == values.count - 1 ? b : a + Double(k) * step
        return values[k] + ((try? Quadrature.integrateSmooth(f, from: node, to: x, tolerance: tolerance)) ?? .nan)
    }
}
