import Foundation

// Escape from a quadratic saddle along its unstable direction (Theory
// article, § Saddle points). Along that direction plain SGD is the linear map
//     x_{n+1} = a x_n - eta xi_n,   a = 1 + eta gamma,   xi_n ~ N(0, s^2),
// so x_n = a^n (x_0 - eta sum_{k<=n} a^(-k) xi_k) -> a^n G with G Gaussian of
// variance v = x_0^2 + eta^2 s^2 / (a^2 - 1) (x_0 = 0 at the saddle). The
// first n with |x_n| >= R is n ~ ln(R / |G|) / ln a, and with
// E ln(Z^2) = -(gamma_E + ln 2) for Z ~ N(0, 1):
//     E[n] ~ [ln(R^2 / v) + gamma_E + ln 2] / (2 ln a) + 1/2
// (the 1/2 is the mean overshoot of the first integer past the crossing).
// Its continuous-time limit (eta -> 0, D = eta s^2 / 2) is the classical law
//     E[t] ~ (1 / (2 gamma)) [ln(gamma R^2 / D) + gamma_E + ln 2].
// Both are asymptotic in R^2 / v >> 1. The noise-free count is exact.

/// Escape times from a saddle with unstable curvature -gamma (<doc:Theory#Saddle-points>).
public enum SaddleEscape {
    /// The Euler-Mascheroni constant gamma_E.
    public static let eulerGamma = 0.57721566490153286

    /// Noise-free GD from distance r0 along the unstable direction: the exact
    /// number of steps to reach distance R from the saddle,
    /// ```
    /// n = ceil(ln(R / r0) / ln(1 + eta gamma))
    /// ```
    /// (0 when r0 >= R).
    public static func noiseFreeSteps(gamma: Double, learningRate eta: Double, from r0: Double, to R: Double) -> Int {
        precondition(gamma > 0 && eta > 0 && r0 > 0 && R > 0, "gamma, eta, r0 and R must be > 0")
        if r0 >= R { return 0 }
        return Int((log(R / r0) / log1p(eta * gamma)).rounded(.up))
    }

    /// Continuous-time mean escape time from the saddle to distance R with
    /// diffusion D along the unstable direction (<doc:Theory#Saddle-points>):
    /// ```
    /// E[t] ~ (1 / (2 gamma)) [ln(gamma R^2 / D) + gamma_E + ln 2]
    /// ```
    public static func time(gamma: Double, diffusion D: Double, radius R: Double) -> Double {
        (log(gamma * R * R / D) + eulerGamma + log(2.0)) / (2 * gamma)
    }

    /// Discrete-time mean number of plain-SGD steps from the saddle to distance R,
    /// gradient noise of variance s^2 along the unstable direction:
    /// ```
    /// E[n] ~ [ln(R^2 / v) + gamma_E + ln 2] / (2 ln(1 + eta gamma)) + 1/2,
    /// v = eta^2 s^2 / ((1 + eta gamma)^2 - 1)
    /// ```
    /// It tends to ``time(gamma:diffusion:radius:)`` / eta with D = eta s^2 / 2
    /// as eta -> 0, and keeps the O(eta gamma) corrections.
    public static func steps(gamma: Double, learningRate eta: Double, noiseVariance s2: Double, radius R: Double) -> Double {
        let lnA = log1p(eta * gamma)
        let v = eta * eta * s2 / expm1(2 * lnA)
        return (log(R * R / v) + eulerGamma + log(2.0)) / (2 * lnA) + 0.5
    }

    /// The exact continuous-time mean first-passage time of the unstable
    /// coordinate alone, dX = gamma X dt + sqrt(2D) dW from the saddle to |X| = R
    /// (by symmetry: reflecting at 0, absorbing at R), by quadrature.
    public static func exactTime(gamma: Double, diffusion D: Double, radius R: Double) throws -> PassageTime {
        try MeanFirstPassage.time(potential: { -0.5 * gamma * $0 * $0 }, temperature: D, from: 0, to: R, reflecting: 0)
    }
}
