import Foundation

// The escape law of a linear optimizer from a saddle of any spectrum: in the
// Hessian's eigenbasis each axis j (curvature lambda_j, any sign, flat ones
// included) is a linear recursion driven by Gaussian noise of variance s_j,
// independent across axes, so the position is a centred Gaussian at every
// step with per-axis variances p_j(n):
//     SGD:      p_j(n) = a_j^2 p_j(n - 1) + eta^2 s_j,   a_j = 1 - eta lambda_j
//     inertial: the 2 x 2 covariance recursion of (x, m) along the axis
//               (InertialSaddle.positionVariances; heavy ball, EMA momentum, frozen-v Adam)
// and P(|x_n| < R) = P(sum_j p_j(n) z_j^2 < R^2), a generalized chi-square
// (GeneralizedChiSquare). As in GaussianSaddleLaw (its two-group special
// case) E[tau] = sum_n P(tau > n) is taken as sum_n P(|x_n| < R), which counts
// a path that left and came back as inside: the law is an upper bound by the
// expected steps spent back inside after a first exit.
// The sum is evaluated at every `stride`-th step and summed by the trapezoid
// rule; the same sum over every (2 stride)-th step gives the Richardson error
// estimate |S_s - S_2s| / 3. It stops where P(inside) < 1e-7, adding the
// geometric tail p r / (1 - r), r the per-step ratio over the last 100 steps
// (P(inside) falls at least geometrically once the unstable axes dominate).

/// The escape law of a linear optimizer from a saddle with per-axis
/// independent Gaussian noise and any Hessian spectrum, for the radius criterion.
///
/// ```
/// E[tau] = sum_{n>=0} P(sum_j p_j(n) z_j^2 < R^2)        (a generalized chi-square per step)
/// SGD: p_j(n) = (1 - eta lambda_j)^2 p_j(n - 1) + eta^2 s_j,   p_j(0) = 0
/// ```
/// with inertial optimizers through their exact per-axis covariance recursion
/// (``InertialSaddle/positionVariances(_:gamma:noiseVariance:count:)``).
/// The law counts returns after a first exit as inside (an upper bound).
public struct LinearSaddleLaw: Sendable {
    /// E[tau] in steps.
    public let steps: Double
    /// The last step summed (P(inside) < 1e-7 there); the tail beyond it is in `steps`.
    public let lastStep: Int
    /// The first step with P(inside) <= 1/2.
    public let medianStep: Int
    /// The estimated error of summing every `stride`-th step (Richardson), plus the tail.
    public let sumError: Double

    /// The law from the per-axis variances p_j(n) at steps n = 1, 2, ... (`variances(n)`,
    /// called with increasing n), radius R.
    public init(radius R: Double, stride: Int = 1, maxSteps: Int = 10_000_000,
                variances: (Int) throws -> [Double]) throws {
        guard R > 0, stride >= 1 else { throw TheoryError.invalid("the linear saddle law takes a radius > 0 and a stride >= 1") }
        var fine = 0.5, coarse = 0.5  // trapezoid sums from n = 0, where P(inside) = 1
        var history: [Double] = [1]   // P at n = 0, stride, 2 stride, ...
        var n = 0, median = -1, tail = 0.0
        while true {
            var v: [Double] = []
            for _ in 0..<stride { n += 1; v = try variances(n) }
            let p = try GeneralizedChiSquare.cdf(weights: v.map { max($0, 0) }, at: R * R)
            if median < 0 && p <= 0.5 { median = n }
            let previous = history.last!
            fine += 0.5 * (previous + p) * Double(stride)
            history.append(p)
            if history.count % 2 == 1 {
                coarse += 0.5 * (history[history.count - 3] + p) * Double(2 * stride)
            }
            let back = max(1, 100 / stride)
            if p < 1e-7 && history.count > back + 1 && history.count % 2 == 1 {
                let r = pow(p / history[history.count - 1 - back], 1 / Double(back * stride))
                guard r < 1 else { throw TheoryError.invalid("P(inside) stopped falling at step \(n)") }
                tail = p * r / (1 - r)
                fine += tail + 0.5 * p
                coarse += tail + 0.5 * p
                break
            }
            guard n < maxSteps else { throw TheoryError.invalid("P(inside) is still \(p) after \(n) steps") }
        }
        steps = fine
        lastStep = n
        medianStep = median
        sumError = stride == 1 ? tail : abs(fine - coarse) / 3 + tail
    }

    /// Plain SGD from a saddle: per-axis curvatures lambda_j (any sign) and
    /// noise variances s_j along the Hessian's eigenvectors.
    public static func sgd(curvatures: [Double], noiseVariances: [Double], learningRate eta: Double,
                           radius R: Double, stride: Int = 1) throws -> LinearSaddleLaw {
        guard curvatures.count == noiseVariances.count, eta > 0, noiseVariances.allSatisfy({ $0 >= 0 }) else {
            throw TheoryError.invalid("the linear saddle law takes one noise variance >= 0 per curvature and eta > 0")
        }
        let a2 = curvatures.map { (1 - eta * $0) * (1 - eta * $0) }
        var p = [Double](repeating: 0, count: curvatures.count)
        return try LinearSaddleLaw(radius: R, stride: stride) { _ in
            for j in p.indices { p[j] = a2[j] * p[j] + eta * eta * noiseVariances[j] }
            return p
        }
    }

    /// A linear inertial optimizer (heavy ball, EMA momentum, frozen-v Adam as
    /// ``HeavyBallForm``) from a saddle, started with no momentum: the exact
    /// per-axis covariance recursion of (x, m).
    public static func inertial(_ form: HeavyBallForm, curvatures: [Double], noiseVariances: [Double],
                                radius R: Double, stride: Int = 1) throws -> LinearSaddleLaw {
        guard curvatures.count == noiseVariances.count, noiseVariances.allSatisfy({ $0 >= 0 }) else {
            throw TheoryError.invalid("the linear saddle law takes one noise variance >= 0 per curvature")
        }
        var states = [(xx: Double, xm: Double, mm: Double)](repeating: (0, 0, 0), count: curvatures.count)
        var power = 1.0
        return try LinearSaddleLaw(radius: R, stride: stride) { _ in
            if form.start == .biasCorrected { power *= form.beta }
            for j in states.indices {
                states[j] = InertialSaddle.propagate(states[j], InertialSaddle.coefficients(form, gamma: -curvatures[j], power: power),
                                                     noise: noiseVariances[j])
            }
            return states.map(\.xx)
        }
    }

    /// The expected steps spent back inside after a first exit, sum_{k>=1} Q(z sqrt(k)),
    /// for a margin that grows by z spreads per sqrt(step) (as in ``GaussianSaddleLaw``).
    public static func overcount(z: Double) -> Double {
        guard z > 0 else { return .infinity }
        var total = 0.0
        for k in 1...10_000_000 {
            let q = 0.5 * erfc(z * Double(k).squareRoot() / 2.0.squareRoot())
            total += q
            if q < 1e-12 { break }
        }
        return total
    }
}
