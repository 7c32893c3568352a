import Foundation
import Testing
@testable import EscapeLab

/// Noise-free traces of every optimizer against its update rule (Conventions
/// article, § Optimizer update rules) written out independently here, coordinate by coordinate on
/// plain arrays: 60 steps, several hyperparameter settings, 1e-12 relative.
@Suite struct OptimizerTraceTests {
    /// A reference optimizer: one step on x given g, with its own state.
    typealias Reference = (inout [Double], [Double]) -> Void

    static func sgd(_ lr: Double, _ c: SGDConfig) -> Reference {
        var buf: [Double]? = nil
        return { x, g0 in
            var g = g0
            for i in x.indices { g[i] += c.weightDecay * x[i] }
            if c.momentum != 0 {
                if let b = buf {
                    buf = b.indices.map { c.momentum * b[$0] + (1 - c.dampening) * g[$0] }
                } else {
                    buf = g
                }
                g = c.nesterov ? g.indices.map { g[$0] + c.momentum * buf![$0] } : buf!
            }
            for i in x.indices { x[i] -= lr * g[i] }
        }
    }

    /// Adam as `torch.optim.Adam`'s single-tensor code computes it (with
    /// amsgrad: the max of the raw v, then denom = sqrt(v_max) / sqrt(1 -
    /// beta2^t) + eps and step = lr / (1 - beta1^t)), or with `vhat` the
    /// running max of the bias-corrected v_hat of PyTorch's documented
    /// pseudo-code.
    static func adam(_ lr: Double, _ c: AdamConfig) -> Reference {
        var m: [Double] = [], v: [Double] = [], vmax: [Double] = []
        var t = 0
        return { x, g0 in
            if m.isEmpty { m = Array(repeating: 0, count: x.count); v = m; vmax = m }
            t += 1
            var g = g0
            if c.decoupled {
                for i in x.indices { x[i] *= 1 - lr * c.weightDecay }
            } else {
                for i in x.indices { g[i] += c.weightDecay * x[i] }
            }
            for i in x.indices {
                m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i]
                v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i]
                let bias1 = 1 - pow(c.beta1, Double(t)), bias2 = 1 - pow(c.beta2, Double(t))
                switch c.amsgrad {
                case .off:
                    x[i] -= lr * (m[i] / bias1) / ((v[i] / bias2).squareRoot() + c.eps)
                case .on:
                    vmax[i] = max(vmax[i], v[i])
                    let denom = vmax[i].squareRoot() / bias2.squareRoot() + c.eps
                    x[i] -= (lr / bias1) * m[i] / denom
                case .vHat:
                    vmax[i] = max(vmax[i], v[i] / bias2)
                    x[i] -= lr * (m[i] / bias1) / (vmax[i].squareRoot() + c.eps)
                }
            }
        }
    }

    static func rmsprop(_ lr: Double, _ c: RMSpropConfig) -> Reference {
        var v: [Double] = [], gAvg: [Double] = [], buf: [Double] = []
        return { x, g0 in
            if v.isEmpty { v = Array(repeating: 0, count: x.count); gAvg = v; buf = v }
            for i in x.indices {
                let g = g0[i] + c.weightDecay * x[i]
                v[i] = c.alpha * v[i] + (1 - c.alpha) * g * g
                var denom = v[i]
                if c.centered {
                    gAvg[i] = c.alpha * gAvg[i] + (1 - c.alpha) * g
                    denom -= gAvg[i] * gAvg[i]
                }
                let d = g / (denom.squareRoot() + c.eps)
                if c.momentum > 0 {
                    buf[i] = c.momentum * buf[i] + d
                    x[i] -= lr * buf[i]
                } else {
                    x[i] -= lr * d
                }
            }
        }
    }

    static func adagrad(_ lr: Double, _ c: AdagradConfig) -> Reference {
        var s: [Double] = []
        var t = 0
        return { x, g0 in
            if s.isEmpty { s = Array(repeating: c.initialAccumulator, count: x.count) }
            t += 1
            let clr = lr / (1 + Double(t - 1) * c.lrDecay)
            for i in x.indices {
                let g = g0[i] + c.weightDecay * x[i]
                s[i] += g * g
                x[i] -= clr * g / (s[i].squareRoot() + c.eps)
            }
        }
    }

    static func adai(_ lr: Double, _ c: AdaiConfig) -> Reference {
        var m: [Double] = [], v: [Double] = [], p: [Double] = []
        var t = 0
        return { x, g0 in
            if m.isEmpty { m = Array(repeating: 0, count: x.count); v = m; p = Array(repeating: 1, count: x.count) }
            t += 1
            let g = x.indices.map { g0[$0] + c.weightDecay * x[$0] }
            for i in x.indices { v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i] }
            let vHat = v.map { $0 / (1 - pow(c.beta2, Double(t))) }
            let vBar = vHat.reduce(0, +) / Double(x.count)
            for i in x.indices {
                let beta1 = min(max(1 - c.beta0 * vHat[i] / vBar, 0), 1 - c.eps)
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                p[i] *= beta1
                x[i] -= lr * m[i] / (1 - p[i])
            }
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        let optimizer: OptimizerSpec
        let lr: Double
        var description: String { "\(optimizer.spec) lr \(lr)" }
    }

    static let cases: [Case] = [
        Case(optimizer: .sgd(SGDConfig()), lr: 0.01),
        Case(optimizer: .sgd(SGDConfig(momentum: 0.9)), lr: 0.005),
        Case(optimizer: .sgd(SGDConfig(momentum: 0.8, dampening: 0.3, weightDecay: 0.01)), lr: 0.01),
        Case(optimizer: .sgd(SGDConfig(momentum: 0.9, nesterov: true, weightDecay: 0.05)), lr: 0.004),
        Case(optimizer: .adam(AdamConfig()), lr: 0.05),
        Case(optimizer: .adam(AdamConfig(beta1: 0.5, beta2: 0.9, eps: 1e-3, weightDecay: 0.1, amsgrad: .on)), lr: 0.03),
        Case(optimizer: .adam(AdamConfig(beta1: 0.5, beta2: 0.9, eps: 1e-3, weightDecay: 0.1, amsgrad: .vHat)), lr: 0.03),
        Case(optimizer: .adam(AdamConfig(beta1: 0.9, beta2: 0.999, amsgrad: .on)), lr: 0.05),
        Case(optimizer: .adam(AdamConfig(weightDecay: 0.01, decoupled: true)), lr: 0.05),
        Case(optimizer: .adam(AdamConfig(beta1: 0.95, beta2: 0.99, amsgrad: .on, decoupled: true)), lr: 0.02),
        Case(optimizer: .adam(AdamConfig(beta1: 0.95, beta2: 0.99, amsgrad: .vHat, decoupled: true)), lr: 0.02),
        Case(optimizer: .rmsprop(RMSpropConfig()), lr: 0.01),
        Case(optimizer: .rmsprop(RMSpropConfig(alpha: 0.9, eps: 1e-6, momentum: 0.5, centered: true, weightDecay: 0.02)), lr: 0.005),
        Case(optimizer: .rmsprop(RMSpropConfig(alpha: 0.95, centered: true)), lr: 0.002),
        Case(optimizer: .adagrad(AdagradConfig()), lr: 0.3),
        Case(optimizer: .adagrad(AdagradConfig(lrDecay: 0.05, eps: 1e-6, initialAccumulator: 0.1, weightDecay: 0.01)), lr: 0.5),
        Case(optimizer: .adai(AdaiConfig()), lr: 0.05),
        Case(optimizer: .adai(AdaiConfig(beta0: 0.5, beta2: 0.9, eps: 0.01, weightDecay: 0.02)), lr: 0.02),
    ]

    static func reference(_ c: Case) -> Reference {
        switch c.optimizer {
        case let .sgd(s): return sgd(c.lr, s)
        case let .adam(a): return adam(c.lr, a)
        case let .rmsprop(r): return rmsprop(c.lr, r)
        case let .adagrad(a): return adagrad(c.lr, a)
        case let .adai(a): return adai(c.lr, a)
        }
    }

    @Test(arguments: cases)
    func traceFollowsTheUpdateRule(_ c: Case) throws {
        // A non-quadratic 3-D landscape with distinct per-coordinate gradients
        // (Adai's vbar then differs from each v_hat), started off its minima.
        let landscape = StyblinskiTang(dimension: 3, k: 0.5)
        let start = [0.7, -1.2, 2.9]
        let steps = 60
        let problem = Problem(landscape: landscape, optimizer: c.optimizer, learningRate: c.lr, noise: .none,
                              start: start, escape: EscapeCriterion.never, maxSteps: steps)
        let trace = try problem.trace(seed: 1, steps: steps)
        #expect(trace.count == steps + 1)
        var x = start
        let step = Self.reference(c)
        for n in 0...steps {
            for i in 0..<3 {
                let got = trace.point(n)[trace.point(n).startIndex + i]
                #expect(abs(got - x[i]) <= 1e-12 * max(abs(x[i]), 1e-3), "\(c) step \(n) x\(i): \(got) vs \(x[i])")
            }
            #expect(abs(trace.losses[n] - landscape.loss(at: x)) <= 1e-12 * max(1, abs(landscape.loss(at: x))))
            step(&x, landscape.gradient(at: x))
        }
    }

    @Test func adaiInOneDimensionIsMomentumWithBetaOneMinusBeta0() throws {
        // v_hat / vbar = 1 in 1-D, so beta1 = 1 - beta0 every step (Conventions article, § Optimizer update rules).
        let l = DoubleWell()
        let adai = Problem(landscape: l, optimizer: .adai(AdaiConfig(beta0: 0.1)), learningRate: 0.01, noise: .none,
                           start: [-0.3], escape: EscapeCriterion.never, maxSteps: 10)
        let t = try adai.trace(seed: 1, steps: 40)
        var x = -0.3, m = 0.0, p = 1.0
        for n in 1...40 {
            let g = l.gradient(at: [x])[0]
            m = 0.9 * m + 0.1 * g
            p *= 0.9
            x -= 0.01 * m / (1 - p)
            #expect(abs(t.point(n).first! - x) <= 1e-12 * abs(x))
        }
    }

    @Test func adamBetaPowersFlushInsteadOfStickingInSubnormals() throws {
        // 0.9^t falls below 1e-300 at t = 6557 and would reach the subnormals
        // near t = 6720, where 4.9e-324 * 0.9 rounds back to 4.9e-324 and
        // sticks. The flushed products are never subnormal, are exactly 0
        // from step 6557 on, and leave the update exact (1 - 0 == 1 - 1e-300).
        let adam = Adam<SIMD2<Double>>(lr: 1e-3, AdamConfig())
        let adai = Adai<SIMD2<Double>>(lr: 1e-3, dimension: 2, AdaiConfig())
        var x = SIMD2(0.5, -0.25), y = x
        var s = adam.initialState(dimension: 2), u = adai.initialState(dimension: 2)
        for t in 1...8000 {
            adam.step(&x, gradient: x, state: &s)
            adai.step(&y, gradient: y, state: &u)
            #expect(!s.beta1Power.isSubnormal && !s.beta2Power.isSubnormal && !u.beta2Power.isSubnormal
                    && !u.beta1Product.x.isSubnormal && !u.beta1Product.y.isSubnormal)
            if t == 6556 { #expect(s.beta1Power > 0) }
            if t == 6557 { #expect(s.beta1Power == 0) }
        }
        #expect(s.beta1Power == 0 && s.beta2Power > 0)
        #expect(x.x.isFinite && x.y.isFinite && y.x.isFinite && y.y.isFinite)
    }
}
