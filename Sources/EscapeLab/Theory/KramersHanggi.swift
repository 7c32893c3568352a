import Foundation

// Kramers' spatial-diffusion (moderate-to-strong friction) rate for the
// underdamped equation m x'' + zeta x' = -U'(x) + noise, gamma = zeta / m
// (Kramers 1940; Hanggi, Talkner and Borkovec, Rev. Mod. Phys. 62, 251 (1990),
// eq. (4.5) ff.): the overdamped rate times lambda_+ / omega_b, with
//     lambda_+ = sqrt(gamma^2 / 4 + omega_b^2) - gamma / 2
// the unstable eigenvalue of the linearised motion at the barrier top.
// Divided by its overdamped limit omega_b^2 / gamma, the escape *time* is
// multiplied by kappa(X) = (1 + sqrt(1 + 4X)) / 2, X = (omega_b / gamma)^2.
// For heavy ball (mass eta, friction 1 - beta): omega_b^2 = |H_b| / eta,
// gamma = (1 - beta) / eta, so X = eta |H_b| / (1 - beta)^2.

/// The Kramers-Hanggi friction factor (spatial-diffusion regime).
public enum KramersHanggi {
    /// tau_KH / tau_overdamped as a function of X = (omega_b / gamma)^2:
    /// ```
    /// kappa(X) = (1 + sqrt(1 + 4 X)) / 2      (kappa -> 1 + X as X -> 0)
    /// ```
    /// In steps, for heavy ball on a barrier of curvature H_b:
    /// ```
    /// tau_KH = 2 pi sqrt(|H_b| / H_a) e^(Delta L / T) / [sqrt((1 - beta)^2 / 4 + eta |H_b|) - (1 - beta) / 2]
    /// ```
    /// and the law keeps the exact overdamped quadrature: tau_KH = kappa(X) tau_od.
    public static func frictionFactor(_ X: Double) -> Double {
        precondition(X >= 0, "X must be >= 0")
        return (1 + (1 + 4 * X).squareRoot()) / 2
    }
}
