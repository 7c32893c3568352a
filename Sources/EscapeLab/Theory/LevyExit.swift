import Foundation

// Heavy-tailed exit (Theory article, § Levy exits; Imkeller and Pavlyukevich, first
// exit times of SDEs driven by stable Levy processes). Per step the gradient
// noise moves the point by eta c S, with S standard symmetric alpha-stable
// (E exp(itS) = exp(-|t|^alpha), GSL's `gsl_ran_levy` with c = 1), whose tail is
//     P(S > u) ~ C_alpha u^(-alpha),   C_alpha = Gamma(alpha) sin(pi alpha / 2) / pi.
// For small noise the exit from a basin is one big jump past its boundary;
// with boundaries at distances d_i from the minimum the exit rate per step
// is sum_i C_alpha (eta c / d_i)^alpha, and the mean exit time is its inverse:
// polynomial in the basin width, independent of the barrier height to
// leading order. Corrections grow with the noise measured in the basin's
// own units, eps (w^2 / h)^(1/alpha) / w with eps = c eta^(1 - 1/alpha).

/// The alpha-stable exit law (<doc:Theory#Levy-exits>).
public enum LevyExit {
    /// C_alpha = Gamma(alpha) sin(pi alpha / 2) / pi: P(S > u) ~ C_alpha u^(-alpha).
    public static func tailConstant(alpha: Double) -> Double {
        tgamma(alpha) * sin(Double.pi * alpha / 2) / Double.pi
    }

    /// Mean number of steps to leave a basin whose boundaries lie at
    /// `distances` from the start minimum, for gradient noise c S (alpha < 2):
    /// ```
    /// E[n] ~ 1 / sum_i C_alpha (eta c / d_i)^alpha
    /// ```
    /// nil for alpha >= 2 (Gaussian: no heavy tail, no power law).
    public static func steps(alpha: Double, scale c: Double, learningRate eta: Double, distances: [Double]) -> Double? {
        guard alpha > 0, alpha < 2, c > 0, eta > 0, !distances.isEmpty, distances.allSatisfy({ $0 > 0 }) else { return nil }
        let ca = tailConstant(alpha: alpha)
        let rate = distances.reduce(0) { $0 + ca * pow(eta * c / $1, alpha) }
        return 1 / rate
    }
}
