// kramers: how long does white-noise SGD take to leave a minimum, and do the
// exact mean first-passage time (MFPT) and Kramers' law predict it?
// Double well L = (x^2 - 1)^2 (barrier 1, curvatures 8 and -4), gaussian
// noise of scale sigma, T = eta sigma^2 / 2 swept so that barrier / T goes
// from 3 to 8. Escape: reaching the other minimum (x0 >= 1). A second table
// puts the criterion at the barrier top (x0 >= 0), where checking once per
// step costs an O(sqrt(eta)) delay that the shifted-boundary MFPT accounts for.
import EscapeLab
import Foundation
import StudyKit

let about = StudyDescription(
    name: "kramers",
    summary: """
        Mean escape time of white-noise SGD from the double well (barrier/T 3 to 8)
        against the exact mean first-passage time (GSL quadrature) and Kramers' law;
        then escape at the barrier top against the discrete-monitoring correction.
        """,
    fullTime: "3 min 29 s", fullCPUTime: "2 min 13 s", quickTime: "about 1 s")

// Configuration.
let options = StudyOptions.parseOrExit(about)
let landscape = DoubleWell(barrier: 1, k: 1)
let eta = 0.005
let ratios: [Double] = options.quick ? [3, 4, 5] : [3, 4, 5, 6, 7, 8]
let topRatios: [Double] = options.quick ? [4] : [4, 6, 8]
let trajectories = options.trajectories(full: 4000, quick: 200)
// The barrier-top table resolves a ~10% effect beside the 3% bias bound: SE ~ 1%.
let topTrajectories = options.trajectories(full: 10_000, quick: 200)
// O(eta) discretisation bias bound: halving eta from 0.01 to 0.005 moved the
// mean escape time by 1.6%, 1.1% and 1.0% (+- 1.7% each, statistical) at
// barrier / T = 3, 5, 8 (6000 to 8000 trajectories per point).
let bias = 0.03

/// Runs white-noise SGD at barrier / T = r with `escape` and returns the measurement and theory.
@MainActor
func measure(ratio r: Double, escape: EscapeCriterion, trajectories: Int, row: Int) throws -> (EscapeMeasurement, TheoryEstimate) {
    let sigma = (2 * landscape.barrier / r / eta).squareRoot()
    var problem = Problem(landscape: landscape, learningRate: eta, noise: .gaussian(sigma: sigma), escape: escape, maxSteps: 1)
    let theory = try TheoryEstimate(problem)
    problem.maxSteps = EscapeMeasurement.stepCap(expectedSteps: theory.meanFirstPassage!.steps(learningRate: eta))
    return (try EscapeMeasurement.run(problem, options.plan(trajectories: trajectories, row: row)), theory)
}

var main = StudyTable(
    title: "White-noise SGD on double-well:barrier=1,k=1, lr \(eta.compact): escape to the other minimum",
    columns: ["barrier/T", "noise", "escape", "trajectories", "τ sim (steps)", "τ sim (time)", "95% CI (time)",
              "exact MFPT (time)", "Kramers (time)", "sim / exact", "sim / Kramers", "censored", "verdict vs exact"])
var plot = Plot(title: "Mean escape time against barrier / temperature (double well, lr \(eta.compact))",
                xLabel: "barrier / T", yLabel: "mean escape time (continuous, steps x lr)", logY: true)
var sim: [Double] = [], simSE: [Double] = [], exact: [Double] = [], kramers: [Double] = []
for (row, r) in ratios.enumerated() {
    let (m, theory) = try measure(ratio: r, escape: .coordinateAtLeast(0, 1), trajectories: trajectories, row: row)
    let e = theory.meanFirstPassage!.time, k = theory.kramers!.time
    let ci = m.stepsCI95.map { "[\(Fmt.g($0.lower * eta)), \(Fmt.g($0.upper * eta))]" } ?? "-"
    main.add([Fmt.g(r, 3), Fmt.spec(m.report.problem.noise.spec), "x0>=1", "\(trajectories)", Fmt.pm(m.steps, m.stepsSE),
              Fmt.pm(m.time, m.timeSE), ci, Fmt.g(e, 5), Fmt.g(k, 5), Fmt.g(m.time / e, 4), Fmt.g(m.time / k, 4),
              Fmt.pct(m.censoredFraction), Verdict.text(m.time, se: m.timeSE, reference: e, bias: bias)])
    sim.append(m.time); simSE.append(m.timeSE); exact.append(e); kramers.append(k)
}
main.notes = [
    "Units: τ in steps and in continuous time t = steps × lr. Escape criterion x0 >= 1 (first step at or past the other minimum), checked after every step. T = lr σ² / 2.",
    "Verdict rule: \(Verdict.rule(bias: bias)) (the \(Fmt.g(100 * bias, 2))% bounds the O(lr) discretisation bias: halving lr from 0.01 to 0.005 moved τ by at most 1.6% ± 1.7%). The exact MFPT is the 1-D quadrature of the Theory article's § Exact mean first-passage time (it agrees with an independent 30-digit mpmath evaluation to 1e-14 here); Kramers' law 2π / sqrt(U''(a)|U''(b)|) e^(ΔU/T) is its low-temperature limit and is low by 16% at barrier/T = 3, 5% at 8.",
    "95% CI: exact chi-square interval of 1 / (censored-aware escape rate), in continuous time.",
]
plot.series = [Plot.Series("simulated", x: ratios, y: sim, yError: simSE),
               Plot.Series("exact MFPT", x: ratios, y: exact, line: true),
               Plot.Series("Kramers", x: ratios, y: kramers, line: true)]

var top = StudyTable(
    title: "The same, escape at the barrier top (x0 >= 0): the criterion matters",
    columns: ["barrier/T", "escape", "trajectories", "τ sim (steps)", "exact MFPT to x = 0 (steps)",
              "exact MFPT, boundary moved out by 0.5826 σ lr (steps)", "Kramers / 2 (steps)", "sim / exact",
              "sim / shifted", "censored", "verdict vs exact", "verdict vs shifted"])
for (i, r) in topRatios.enumerated() {
    let (m, theory) = try measure(ratio: r, escape: .coordinateAtLeast(0, 0), trajectories: topTrajectories, row: 100 + i)
    let e = theory.meanFirstPassage!.steps(learningRate: eta)
    let shifted = theory.meanFirstPassageDiscrete!.steps(learningRate: eta)
    top.add([Fmt.g(r, 3), "x0>=0", "\(topTrajectories)", Fmt.pm(m.steps, m.stepsSE), Fmt.g(e, 5), Fmt.g(shifted, 5),
             Fmt.g(theory.kramers!.steps(learningRate: eta), 5), Fmt.g(m.steps / e, 4), Fmt.g(m.steps / shifted, 4),
             Fmt.pct(m.censoredFraction), Verdict.text(m, referenceSteps: e, bias: bias),
             Verdict.text(m, referenceSteps: shifted, bias: bias)])
}
top.notes = [
    "Units: steps (time = steps × lr). The passage time to the barrier top is half the time to the other minimum (Theory article, § Which point counts as escaped), as the exact column shows.",
    "Expected disagreement with the plain exact MFPT: the top is flat ground, and a path that touches x = 0 between two steps is not counted until a later step lands at x >= 0. This O(sqrt(lr)) delay (+8% in the table at lr 0.005; +4% at lr 0.00125 in scratch runs, half as √lr says) is the discrete-monitoring effect; moving the boundary out by 0.5826 × (per-step noise s.d. σ lr) (Siegmund's correction) restores agreement. At the other minimum the same shift changes τ by under 0.1%.",
]

try StudyOutput.finish("kramers", tables: [main, top], plot: plot, options: options,
                       header: "# Kramers: white-noise escape from a double well against exact theory")
