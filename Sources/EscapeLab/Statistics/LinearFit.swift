/// A least-squares line y = intercept + slope x with standard errors and R^2
/// (GSL's `gsl_fit_wlinear` / `gsl_fit_linear`).
///
/// With weights w_i = 1 / sigma_i^2 (e.g. sigma_i the standard error of
/// log tau_i) the standard errors are the usual sqrt of the covariance
/// diagonal; R^2 = 1 - sum w (y - fit)^2 / sum w (y - ybar_w)^2.
public struct LinearFit: Equatable, Sendable {
    public let intercept: Double
    public let slope: Double
    public let interceptSE: Double
    public let slopeSE: Double
    public let rSquared: Double
    public let points: Int

    /// Fits the points; `weights` nil means equal weights (SEs from the residuals).
    public init(x: [Double], y: [Double], weights: [Double]? = nil) throws {
        precondition(x.count == y.count && x.count >= 2, "a line needs two points or more")
        points = x.count
        let w = weights ?? Array(repeating: 1, count: x.count)
        if let weights {
            let f = try GSLStatistics.weightedLine(x: x, y: y, weights: weights)
            intercept = f.c0; slope = f.c1
            interceptSE = f.cov00.squareRoot(); slopeSE = f.cov11.squareRoot()
        } else {
            let f = try GSLStatistics.line(x: x, y: y)
            intercept = f.c0; slope = f.c1
            interceptSE = f.cov00.squareRoot(); slopeSE = f.cov11.squareRoot()
        }
        let sw = w.reduce(0, +)
        let ybar = zip(w, y).map(*).reduce(0, +) / sw
        var ssRes = 0.0, ssTot = 0.0
        for i in x.indices {
            let r = y[i] - (intercept + slope * x[i])
            ssRes += w[i] * r * r
            ssTot += w[i] * (y[i] - ybar) * (y[i] - ybar)
        }
        rSquared = ssTot > 0 ? 1 - ssRes / ssTot : 1
    }
}
