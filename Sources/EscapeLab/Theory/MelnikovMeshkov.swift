import Foundation

// Across the Kramers turnover (Mel'nikov and Meshkov, J. Chem. Phys. 85,
// 1018 (1986); Hanggi, Talkner and Borkovec, Rev. Mod. Phys. 62, 251 (1990),
// section V). At weak friction the rate is limited by energy diffusion: a
// particle near the barrier energy loses
//     Delta T = zeta * (closed-orbit integral of x' dx) = 2 sqrt(2) zeta J / sqrt(m),
//     J = Int_{x_l}^{x_b} sqrt(U(x_b) - U(x)) dx,
// per orbit (x_l the well-side turning point at the barrier energy), and
// Mel'nikov and Meshkov's depopulation factor A(Delta) multiplies the
// spatial-diffusion rate:
//     tau_MM = kappa(X) tau_od / A(Delta),
// A -> Delta for Delta << 1 (Kramers' energy-diffusion law) and A -> 1 for
// Delta >> 1 (A >= 0.97 for Delta >= 10, >= 0.9999 for Delta >= 30).
// Escape here means reaching the far side (a particle crossing the top with
// E >= Delta U does), so there is no A(Delta)^2 / A(2 Delta) recrossing factor.
// Heavy ball: m = eta_hb, zeta = 1 - beta, hence
//     Delta = 2 sqrt(2) (1 - beta) J / (sqrt(eta_hb) T);
// double well h (k x^2 - 1)^2: J = (2 sqrt(2) / 3) sqrt(h / k), Delta = (16/3)(h/T)/sqrt(X).

/// Mel'nikov-Meshkov's uniform rate across the friction turnover.
public enum MelnikovMeshkov {
    /// The depopulation factor
    /// ```
    /// A(Delta) = exp[ (1 / 2 pi) Int_{-inf}^{inf} ln(1 - exp(-Delta (y^2 + 1/4))) dy / (y^2 + 1/4) ]
    /// ```
    /// by GSL quadrature (the integrand is even: twice the half line).
    /// A(1) = 0.443, A(3) = 0.756, A(10) = 0.974; A -> Delta as Delta -> 0.
    public static func depopulationFactor(energyLoss delta: Double) throws -> Double {
        guard delta > 0, delta.isFinite else { throw TheoryError.invalid("the energy loss Delta must be finite and > 0, got \(delta)") }
        if delta > 700 { return 1 }   // the integrand is below e^(-175)
        let f = { (y: Double) -> Double in
            let q = y * y + 0.25
            return log1p(-exp(-delta * q)) / q
        }
        let tol = Quadrature.Tolerance(relative: 1e-10, absolute: 1e-300, intervals: 1000)
        let half = try Quadrature.integrate(f, fromMinusInfinityTo: 0, tolerance: tol)
        return exp(2 * half / (2 * Double.pi))
    }

    /// The action of the barrier orbit on the well side,
    /// ```
    /// J = Int_{x_l}^{x_b} sqrt(U(x_b) - U(x)) dx,
    /// ```
    /// x_l the turning point beyond the minimum `a` (away from the top `b`)
    /// where U returns to U(b), found by bisection.
    /// - Throws: when U does not return to U(b) beyond the minimum.
    public static func barrierAction(potential U: @escaping (Double) -> Double, minimum a: Double, top b: Double) throws -> Double {
        let ub = U(b), s: Double = b > a ? -1 : 1     // s points from the minimum away from the top
        var d = abs(b - a)
        var far = a + s * d
        var steps = 0
        while U(far) < ub {
            d *= 2; far = a + s * d; steps += 1
            if steps > 60 || !far.isFinite { throw TheoryError.notConfining }
        }
        var (inside, outside) = (a, far)
        for _ in 0..<200 where abs(outside - inside) > 1e-15 * max(1, abs(inside)) {
            let mid = (inside + outside) / 2
            if U(mid) < ub { inside = mid } else { outside = mid }
        }
        let xl = (inside + outside) / 2
        let tol = Quadrature.Tolerance(relative: 1e-10, absolute: 0, intervals: 1000)
        return abs(try Quadrature.integrate({ max(ub - U($0), 0).squareRoot() }, from: min(xl, b), to: max(xl, b),
                                            breakpoints: [a], tolerance: tol))
    }

    /// Energy lost per barrier orbit in units of T, for heavy ball (mass eta_hb, friction 1 - beta):
    /// ```
    /// Delta = 2 sqrt(2) (1 - beta) J / (sqrt(eta_hb) T)
    /// ```
    public static func energyLoss(_ form: HeavyBallForm, action J: Double, temperature T: Double) -> Double {
        2 * 2.0.squareRoot() * (1 - form.beta) * J / (form.learningRate.squareRoot() * T)
    }
}
