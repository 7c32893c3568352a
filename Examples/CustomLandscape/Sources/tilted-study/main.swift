// tilted-study: how does the escape time out of the shallow minimum of a
// tilted double well grow with the barrier over temperature, and does the
// exact mean first-passage time predict it? SGD through the spec-driven
// Problem, signSGD (a custom optimizer) through the generic engine.
import CustomLandscape
import EscapeLab
import Foundation
import StudyKit

let options = StudyOptions.parseOrExit()
let landscape = TiltedWell(height: 1, tilt: 0.3)
let eta = 0.01
let barrier = landscape.loss(at: landscape.saddle!) - landscape.loss(at: landscape.start)
let ratios: [Double] = options.quick ? [2, 3] : [2, 3, 4, 5]
let trajectories = options.trajectories(full: 2000, quick: 200)

var table = StudyTable(title: "SGD and signSGD on \(landscape.spec), lr \(eta.compact)",
                       columns: ["barrier/T", "σ", "τ SGD (steps)", "exact MFPT (steps)", "SGD / exact", "τ signSGD (steps)"])
var plot = Plot(title: "Escape from the shallow minimum of a tilted well", xLabel: "barrier / T",
                yLabel: "mean escape steps", logY: true)
var sgd: [Double] = [], exact: [Double] = [], sign: [Double] = []
for (row, r) in ratios.enumerated() {
    let sigma = (2 * barrier / r / eta).squareRoot()
    var problem = Problem(landscape: landscape, learningRate: eta, noise: .gaussian(sigma: sigma), maxSteps: 1)
    let theory = try TheoryEstimate(problem)
    let mfpt = theory.meanFirstPassage!.steps(learningRate: eta)
    problem.maxSteps = EscapeMeasurement.stepCap(expectedSteps: mfpt)
    let plan = options.plan(trajectories: trajectories, row: row)
    let m = try EscapeMeasurement.run(problem, plan)
    // The same problem with a custom optimizer, through the generic entry point.
    let records = try Ensemble.run(landscape: landscape, optimizer: SignSGD<Point1>(lr: eta),
                                   noise: DiagonalGaussian(scales: Point1(sigma), dimension: 1),
                                   escape: ThresholdCheck<Point1>(landscape.defaultEscape)!,
                                   start: Point1(landscape.start[0]), maxSteps: problem.maxSteps, plan: plan)
    let s = EscapeSummary(records, learningRate: eta)
    table.add([Fmt.g(r, 3), Fmt.g(sigma, 4), Fmt.pm(m.steps, m.stepsSE), Fmt.g(mfpt, 5), Fmt.g(m.steps / mfpt, 4),
               Fmt.g(s.rate.meanSteps ?? .nan, 5)])
    sgd.append(m.steps); exact.append(mfpt); sign.append(s.rate.meanSteps ?? .nan)
}
table.notes = ["SGD should match the exact MFPT within a few standard errors plus an O(lr) bias; signSGD has no such law."]
plot.series = [Plot.Series("SGD", x: ratios, y: sgd), Plot.Series("exact MFPT", x: ratios, y: exact, line: true),
               Plot.Series("signSGD", x: ratios, y: sign)]
try StudyOutput.finish("tilted-study", tables: [table], plot: plot, options: options,
                       header: "# A study from a package of its own")
