// noise-covariance: how close is real minibatch gradient noise to the
// Gaussian model C ~ H / B that `sgd:batch=B` uses? On the two classification
// landscapes (logistic, softmax; n = 200, imbalance 0.1) under each loss, at
// the minimum theta*, compare the exact per-sample gradient covariance C with
// the Hessian H (eigenvalues, alignment), then the minibatch covariance times
// B for several B, exact and as sampled by the engine's minibatch noise.
//
// Expectation: cross-entropy is a log-likelihood of a well-specified model,
// so at the minimum C estimates the Fisher information = H (C ~ H);
// sampling B of N without replacement multiplies it by (N - B) / (N - 1).
// Focal and class-balanced losses are not log-likelihoods: nothing ties C to
// H (focal: C scales like (1 - p_t)^(2 gamma), H like (1 - p_t)^gamma;
// balanced: C weights a class by w_c^2, H by w_c).
import EscapeLab
import Foundation
import StudyKit

let about = StudyDescription(
    name: "noise-covariance",
    summary: """
        Minibatch gradient covariance times B against the Hessian at the minimum
        (the H/B model) for cross-entropy, focal and class-balanced losses on logistic
        and softmax models, with the exact finite-population factor (N-B)/(N-1).
        """,
    fullTime: "2 s", fullCPUTime: "1 s", quickTime: "about 1 s")

struct NoiseCovariance {
    let options: StudyOptions
    var batches: [Int] { options.quick ? [1, 50] : [1, 10, 50, 100, 150] }
    let losses: [LossSpec] = [.crossEntropy, .focal(gamma: 2, alpha: 0.25), .balanced(beta: 0.999)]

    func models(_ loss: LossSpec) -> [(String, any FiniteSumLandscape)] {
        [("logistic", LogisticRegression(loss: loss)), ("softmax", SoftmaxRegression(loss: loss))]
    }

    /// <A, B>_F and the Frobenius norm.
    static func inner(_ a: Matrix, _ b: Matrix) -> Double { zip(a.entries, b.entries).map(*).reduce(0, +) }
    static func norm(_ a: Matrix) -> Double { inner(a, a).squareRoot() }
    static func distance(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.entries, b.entries).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }
    /// The k largest eigenvalues, "a, b, c".
    static func top(_ e: SymmetricEigen, _ k: Int) -> String {
        e.values.reversed().prefix(k).map { Fmt.g($0, 3) }.joined(separator: ", ")
    }

    /// Tr of the sample covariance of B x (minibatch gradient) at theta*, with its SE,
    /// from one engine step with lr = 1: g = theta* - x_1.
    func sampled(_ landscape: any FiniteSumLandscape, batch b: Int, row: Int) throws -> (Double, Double) {
        let theta = landscape.startMinimum!
        let problem = Problem(landscape: landscape, learningRate: 1, noise: .minibatch(batch: b, replacement: false),
                              start: theta, escape: .never, maxSteps: 1)
        let records = try problem.run(options.plan(trajectories: options.trajectories(full: 4000, quick: 400), row: row))
        let d = landscape.dimension, n = records.count
        let g = (0..<n).map { k in Array(zip(theta, records.finalPoint(k)).map { $0 - $1 }) }
        let mean = (0..<d).map { i in g.map { $0[i] }.reduce(0, +) / Double(n) }
        let squares = g.map { gk in zip(gk, mean).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) * Double(b) }
        let m = squares.reduce(0, +) / Double(n - 1)
        let sd = (squares.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n - 1)).squareRoot()
        return (m, sd / Double(n).squareRoot())
    }

    func run() throws {
        var shape = StudyTable(title: "Per-sample gradient covariance C against the Hessian H at the minimum",
                               columns: ["model", "loss", "Tr H", "Tr C / Tr H", "‖C - H‖ / ‖H‖", "cos(C, H)",
                                         "top-eigenvector overlap", "top eigenvalues of C", "top eigenvalues of H", "minority recall"])
        var scale = StudyTable(title: "Minibatch covariance times B against H: Tr(B C_B) / Tr(H)",
                               columns: ["model", "loss", "B", "(N-B)/(N-1)", "exact", "engine ± SE",
                                         "‖B C_B - H‖ / ‖H‖"])
        var plot = Plot(title: "Minibatch noise against the Hessian (n = 200)", xLabel: "batch size B",
                        yLabel: "Tr(B C_B) / Tr(H)")
        var row = 0
        var summary: [String] = []
        var deviations: [(z: Double, row: String)] = []
        for loss in losses {
            var parts: [String] = []
            for (name, landscape) in models(loss) {
                let theta = landscape.startMinimum!
                let h = landscape.hessian(at: theta), c = landscape.sampleGradientCovariance(at: theta)
                let eh = try symmetricEigen(h), ec = try symmetricEigen(c)
                let d = landscape.dimension, n = landscape.sampleCount
                let overlap = abs((0..<d).map { ec.vectors[$0, d - 1] * eh.vectors[$0, d - 1] }.reduce(0, +))
                let recall: Double
                if let l = landscape as? LogisticRegression { recall = l.minorityRecall(at: theta) }
                else { recall = (landscape as! SoftmaxRegression).recall(of: 2, at: theta) }
                shape.add([name, loss.spec, Fmt.g(h.trace, 4), Fmt.g(c.trace / h.trace, 4),
                           Fmt.g(Self.distance(c, h) / Self.norm(h), 3), Fmt.g(Self.inner(c, h) / (Self.norm(c) * Self.norm(h)), 4),
                           Fmt.g(overlap, 4), Self.top(ec, 3), Self.top(eh, 3), Fmt.pct(recall)])
                parts.append("\(name) Tr C/Tr H = \(Fmt.g(c.trace / h.trace, 3)), cos = \(Fmt.g(Self.inner(c, h) / (Self.norm(c) * Self.norm(h)), 3))")
                var ratios: [Double] = []
                for b in batches {
                    let cb = Double(b) * landscape.minibatchCovariance(at: theta, batch: b)
                    let (m, se) = try sampled(landscape, batch: b, row: row)
                    row += 1
                    let factor = MinibatchSampling.covarianceFactor(samples: n, batch: b, replacement: false) * Double(b)
                    ratios.append(cb.trace / h.trace)
                    deviations.append(((m - cb.trace) / se, "\(name) \(loss.name) B=\(b)"))
                    scale.add([name, loss.name, "\(b)", Fmt.g(factor, 4), Fmt.g(cb.trace / h.trace, 4),
                               Fmt.pm(m / h.trace, se / h.trace, 4), Fmt.g(Self.distance(cb, h) / Self.norm(h), 3)])
                }
                plot.series.append(.init("\(name) \(loss.name)", x: batches.map(Double.init), y: ratios))
            }
            summary.append("\(loss.name): " + parts.joined(separator: "; "))
        }
        let n = 200.0
        plot.series.append(.init("(N-B)/(N-1): C = H, without replacement", x: batches.map(Double.init),
                                 y: batches.map { (n - Double($0)) / (n - 1) }, line: true))
        shape.notes = [
            "Data: n = 200, imbalance 0.1 (logistic: 182 / 18; softmax: class sizes ~ 1 : sqrt(0.1) : 0.1), unit-variance Gaussian clusters 2 apart, seed 1. theta* from Newton's method. C = (1/N) sum (g_i - g)(g_i - g)^T. `minority recall` = share of the smallest class classified correctly at theta*.",
            "Per loss, how close C = B C_B (B = 1) is to H: " + summary.joined(separator: ". ") + ".",
            "C = H would make the Gaussian model sgd:batch=B exact up to (N-B)/(N-1). For the softmax model both matrices vanish along the 3 directions that shift every class's parameters alike, so only the top eigenvalues are listed.",
        ]
        let largest = deviations.max { abs($0.z) < abs($1.z) }!
        scale.notes = [
            "Engine against exact: \(deviations.filter { abs($0.z) <= 2 }.count) of \(deviations.count) rows within 2 SE, \(deviations.filter { abs($0.z) <= 4 }.count) within 4 SE; largest \(String(format: "%+.1f", largest.z)) SE (\(largest.row)).",
            "exact: Tr(B C_B)/Tr(H) with C_B = C (N-B)/(B (N-1)) (B of N without replacement); engine: the same from \(options.trajectories(full: 4000, quick: 400)) one-step runs of minibatch:batch=B from theta* (lr 1, g = theta* - x_1). (N-B)/(N-1) is the ratio C = H would give: the finite-population factor.",
        ]
        try StudyOutput.finish("noise-covariance", tables: [shape, scale], plot: plot, options: options)
    }
}

try NoiseCovariance(options: StudyOptions.parseOrExit(about)).run()
