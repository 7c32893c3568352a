// Steps per second of W1 (SGD, sigma 6, lr 0.01, escape at x >= 0.5) and W2
// (Adam, lr 0.065) on EscapeLab's DoubleWell and on this module's copy of it,
// one thread, alternating within each round; prints each round's ratio and
// the median ratio (copy / built-in).
import EscapeLab
import Foundation

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 7 : 7

func throughput(_ landscape: any Landscape, _ optimizer: OptimizerSpec, lr: Double, trajectories: Int) throws -> Double {
    let problem = Problem(landscape: landscape, optimizer: optimizer, learningRate: lr, noise: .gaussian(sigma: 6),
                          start: [-1], escape: .coordinateAtLeast(0, 0.5), maxSteps: 1_000_000)
    let records = try problem.run(ExecutionPlan(trajectories: trajectories, seed: 12345, threads: 1, keepFinalPoints: false))
    return Double(records.totalSteps) / records.elapsedSeconds
}

for (name, optimizer, lr, n) in [("W1 SGD", OptimizerSpec.sgd(SGDConfig()), 0.01, 2000),
                                 ("W2 Adam", OptimizerSpec.adam(AdamConfig()), 0.065, 800)] {
    var ratios: [Double] = []
    for _ in 0..<rounds {
        let builtIn = try throughput(DoubleWell(), optimizer, lr: lr, trajectories: n)
        let copy = try throughput(UserDoubleWell(), optimizer, lr: lr, trajectories: n)
        ratios.append(copy / builtIn)
        print(String(format: "%@: built-in %.4g steps/s, user's copy %.4g steps/s, ratio %.3f", name, builtIn, copy, copy / builtIn))
    }
    ratios.sort()
    print(String(format: "%@: median ratio (user's copy / built-in) %.3f over %d paired rounds", name, ratios[ratios.count / 2], rounds))
}
