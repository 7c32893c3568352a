// loss-shapes: how the loss function shapes minibatch SGD on an imbalanced
// problem (logistic regression, n = 200, 18 minority examples), and whether
// the Gaussian model `sgd:batch=B` (covariance H/B) stands in for real
// minibatch noise under cross-entropy, focal and class-balanced losses.
//
// For each loss, SGD with batch B starts at the minimum theta* and runs under
// three noises: real minibatches, a Gaussian with the exact minibatch
// covariance C_B (same second moments, no sampling tails), and the Gaussian
// model H(theta*)/B. Two measurements: where runs are after a fixed horizon
// (mean excess loss, against the linear-response prediction 1/2 Tr(H S_T),
// S_T the covariance of the linearised SGD chain after T steps, and the
// minority-class recall there), and how long they take to first reach an
// excess loss of m times the stationary mean predicted for the exact
// minibatch covariance (escape from the minimum's neighbourhood, the same
// level for all three noises of a loss; censored-aware mean).
import EscapeLab
import Foundation
import StudyKit

let about = StudyDescription(
    name: "loss-shapes",
    summary: """
        Minibatch SGD around the minimum of an imbalanced logistic model, per loss:
        excess loss against linear response, and escape time under real minibatches,
        a Gaussian of the same covariance and the H/B model.
        """,
    fullTime: "8 min 15 s", fullCPUTime: "3 min 34 s", quickTime: "about 9 s")

struct LossShapes {
    let options: StudyOptions
    let batch = 10, lr = 0.5, escapeMultiple = 4.0
    var maxSteps: Int { options.quick ? 2_000 : 50_000 }
    var horizon: Int { options.quick ? 500 : 2000 }
    let losses: [LossSpec] = [.crossEntropy, .focal(gamma: 2, alpha: 0.25), .balanced(beta: 0.999)]

    /// 1/2 Tr(H S_T): SGD x <- x - lr (H x + xi), Cov xi = c, from x = 0; in H's eigenbasis
    /// S_ii(T) = lr^2 c_ii (1 - a_i^(2T)) / (1 - a_i^2), a_i = 1 - lr lambda_i (T = nil: stationary).
    func predictedExcess(h: Matrix, c: Matrix, steps: Int?) throws -> Double {
        let e = try symmetricEigen(h)
        var total = 0.0
        for i in 0..<h.dimension where e.values[i] > 0 {
            var ci = 0.0
            for r in 0..<h.dimension { for s in 0..<h.dimension { ci += e.vectors[r, i] * c[r, s] * e.vectors[s, i] } }
            let a2 = (1 - lr * e.values[i]) * (1 - lr * e.values[i])
            let growth = steps.map { 1 - pow(a2, Double($0)) } ?? 1
            total += 0.5 * e.values[i] * lr * lr * ci * growth / (1 - a2)
        }
        return total
    }

    /// The stationary excess loss of the linearised chain, Delta L = 1/2 d^T H d with d ~ N(0, S):
    /// Delta L = 1/2 sum_j mu_j chi2_1 (mu = eigenvalues of H^1/2 S H^1/2), so its mean is
    /// 1/2 sum mu and its effective degrees of freedom (sum mu)^2 / sum mu^2 set how heavy its tail is.
    /// In H's eigenbasis S_ij = lr^2 c_ij / (1 - a_i a_j), a_i = 1 - lr lambda_i.
    func stationaryDegreesOfFreedom(h: Matrix, c: Matrix) throws -> Double {
        let e = try symmetricEigen(h), d = h.dimension
        var m = Matrix(dimension: d)
        for i in 0..<d where e.values[i] > 0 {
            for j in 0..<d where e.values[j] > 0 {
                var cij = 0.0
                for r in 0..<d { for s in 0..<d { cij += e.vectors[r, i] * c[r, s] * e.vectors[s, j] } }
                let s = lr * lr * cij / (1 - (1 - lr * e.values[i]) * (1 - lr * e.values[j]))
                m[i, j] = e.values[i].squareRoot() * s * e.values[j].squareRoot()
            }
        }
        let mu = try symmetricEigen(m).values
        return pow(mu.reduce(0, +), 2) / mu.map { $0 * $0 }.reduce(0, +)
    }

    func run() throws {
        var table = StudyTable(title: "Minibatch SGD (B = \(batch), lr = \(lr)) from the minimum of logistic regression, by loss",
                               columns: ["loss", "noise", "Tr Sigma / Tr(H/B)", "predicted excess", "measured excess ± SE",
                                         "ΔL dof", "minority recall", "escape level", "escape steps ± SE", "censored", "vs sgd:batch=B"])
        var plot = Plot(title: "Escape time against noise scale, relative to real minibatch noise (logistic, n = 200, B = \(batch))",
                        xLabel: "Tr Sigma / Tr C_B", yLabel: "escape steps / escape steps of minibatch noise", logX: true, logY: true)
        var row = 0
        var worst = (sigmas: 0.0, row: "")
        var realVsGaussian: [String] = []
        for loss in losses {
            var points: [(x: Double, steps: Double, se: Double)] = []
            let landscape = LogisticRegression(loss: loss)
            let theta = landscape.minimum, floor = landscape.loss(at: theta)
            let h = landscape.hessian(at: theta)
            let model = (1 / Double(batch)) * h
            let exact = landscape.minibatchCovariance(at: theta, batch: batch)
            let level = escapeMultiple * (try predictedExcess(h: h, c: exact, steps: nil))
            let noises: [(String, NoiseSpec, Matrix)] = [
                ("minibatch:batch=\(batch)", .minibatch(batch: batch, replacement: false), exact),
                ("Gaussian, covariance C_B", .covariance(exact), exact),
                ("sgd:batch=\(batch) (H/B)", .sgd(batch: batch, localHessian: false), model),
            ]
            var reference = Double.nan
            var gaussianExact: EscapeMeasurement?
            for (name, noise, sigma) in noises.reversed() {
                let horizonRun = Problem(landscape: landscape, learningRate: lr, noise: noise, start: theta,
                                         escape: .never, maxSteps: horizon)
                let records = try horizonRun.run(options.plan(trajectories: options.trajectories(full: 2000, quick: 100), row: row))
                let excess = (0..<records.count).map { landscape.loss(at: Array(records.finalPoint($0))) - floor }
                let mean = excess.reduce(0, +) / Double(excess.count)
                let se = (excess.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(excess.count - 1) / Double(excess.count)).squareRoot()
                let recall = (0..<records.count).map { landscape.minorityRecall(at: Array(records.finalPoint($0))) }.reduce(0, +) / Double(records.count)
                let escapeRun = Problem(landscape: landscape, learningRate: lr, noise: noise, start: theta,
                                        escape: .lossAtLeast(floor + level), maxSteps: maxSteps)
                let escape = try EscapeMeasurement.run(escapeRun, options.plan(trajectories: options.trajectories(full: 1000, quick: 50), row: row + 1))
                row += 2
                if reference.isNaN { reference = escape.steps }
                let predicted = try predictedExcess(h: h, c: sigma, steps: horizon)
                if abs(mean - predicted) / se > worst.sigmas { worst = (abs(mean - predicted) / se, "\(loss.name), \(name)") }
                if case .covariance = noise { gaussianExact = escape }
                if case .minibatch = noise, let g = gaussianExact {
                    let z = (escape.steps - g.steps) / (escape.stepsSE * escape.stepsSE + g.stepsSE * g.stepsSE).squareRoot()
                    realVsGaussian.append("\(loss.name) \(Fmt.g(escape.steps / g.steps, 3)) (\(String(format: "%+.1f", z)) SE)")
                }
                table.add([loss.spec, name, Fmt.g(sigma.trace / model.trace, 3),
                           Fmt.g(predicted, 3), Fmt.pm(mean, se, 3),
                           Fmt.g(try stationaryDegreesOfFreedom(h: h, c: sigma), 3),
                           Fmt.pct(recall), Fmt.g(level, 3),
                           escape.steps.isFinite ? Fmt.pm(escape.steps, escape.stepsSE, 3) : "> \(maxSteps) (none escaped)",
                           Fmt.pct(escape.censoredFraction), Fmt.g(escape.steps / reference, 3)])
                points.append((sigma.trace / exact.trace, escape.steps, escape.stepsSE))
            }
            // Last row is real minibatch noise: every point relative to it (SE by the delta method).
            let real = points.last!
            plot.series.append(.init(loss.name, x: points.map(\.x), y: points.map { $0.steps / real.steps },
                                     yError: points.map { p in
                                         p.steps / real.steps * ((p.se / p.steps) * (p.se / p.steps) + (real.se / real.steps) * (real.se / real.steps)).squareRoot()
                                     }))
        }
        table.notes = [
            "Measured against predicted excess loss: every row within \(String(format: "%.1f", worst.sigmas)) SE (largest: \(worst.row)). Escape steps of real minibatch noise over those of the Gaussian with the same covariance C_B: " + realVsGaussian.joined(separator: ", ") + ".",
            "logistic:n=200,imbalance=0.1,sep=2,seed=1 (182 majority, 18 minority examples); every run starts at its loss's minimum theta*. excess = L(theta_T) - L(theta*) after T = \(horizon) steps; predicted = 1/2 Tr(H S_T) of the linearised chain with the row's noise covariance Sigma. ΔL dof: effective degrees of freedom (sum mu)^2 / sum mu^2 of the stationary excess loss 1/2 sum mu_j chi2_1 of the linearised chain (fewer = heavier tail at a fixed mean). minority recall: mean over runs at theta_T.",
            "escape level = \(Fmt.g(escapeMultiple, 2)) x the predicted stationary mean excess loss under the exact minibatch covariance C_B (the same level for the three noises of a loss); escape steps = first step with L - L(theta*) >= level (censored at \(maxSteps) steps; censored-aware mean when over 1% are censored). `vs sgd:batch=B` = escape steps / those of the Gaussian model.",
        ]
        try StudyOutput.finish("loss-shapes", tables: [table], plot: plot, options: options)
    }
}

try LossShapes(options: StudyOptions.parseOrExit(about)).run()
