import Foundation

/// What theory predicts for a problem's mean escape time, where it can.
///
/// The temperature follows THEORY.md section 1 for plain SGD (D = eta C / 2):
/// `gaussian:sigma=s` gives T = eta s^2 / 2; `sgd:batch=B` (frozen Hessian)
/// gives T = eta |H(start)| / (2B) in 1-D; `sgd:batch=B,hessian=local` gives
/// the position-dependent D(x) = eta |U''(x)| / (2B). The exact mean
/// first-passage time needs a 1-D landscape and an `x0>=C` / `x0<=C`
/// criterion; Kramers needs a start minimum and a saddle and a constant T.
public struct TheoryEstimate: Sendable {
    /// Constant temperature T, when the noise has one.
    public let temperature: Double?
    /// Exact MFPT from the start to the escape point (continuous time).
    public let meanFirstPassage: PassageTime?
    /// Kramers / Eyring-Kramers estimate (continuous time).
    public let kramers: PassageTime?
    /// Barrier height L(saddle) - L(start minimum), when both exist.
    public let barrier: Double?
    public let learningRate: Double

    public init(_ p: Problem) throws {
        learningRate = p.learningRate
        let l = p.landscape
        let eta = p.learningRate
        var t: Double?
        switch p.noise {
        case let .gaussian(s): t = eta * s * s / 2
        case let .sgd(b, false) where l.dimension == 1:
            t = eta * abs(l.hessian(at: p.start)[0, 0]) / (2 * Double(b))
        default: t = nil
        }
        temperature = t
        if let a = l.startMinimum, let s = l.saddle { barrier = l.loss(at: s) - l.loss(at: a) } else { barrier = nil }
        var mfpt: PassageTime?
        if l.dimension == 1, p.optimizer.isPlainSGD {
            var target: Double?
            switch p.escape {
            case let .coordinateAtLeast(0, c), let .coordinateAtMost(0, c): target = c
            default: target = nil
            }
            if let c = target, c != p.start[0] {
                if let t, t > 0 {
                    mfpt = try? MeanFirstPassage.time(potential: { l.loss(at: [$0]) }, temperature: t, from: p.start[0], to: c)
                } else if case let .sgd(b, true) = p.noise {
                    mfpt = try? MeanFirstPassage.time(
                        gradient: { l.gradient(at: [$0])[0] },
                        diffusion: { eta * abs(l.hessian(at: [$0])[0, 0]) / (2 * Double(b)) },
                        from: p.start[0], to: c)
                }
            }
        }
        meanFirstPassage = mfpt
        if let t, t > 0, p.optimizer.isPlainSGD {
            kramers = try Kramers.time(on: l, temperature: t)
        } else {
            kramers = nil
        }
    }

    /// The estimates as JSON (DESIGN.md: mfpt_time, mfpt_steps, kramers_time, kramers_steps).
    public var json: JSONValue {
        .object([
            ("temperature", .number(temperature)),
            ("barrier", .number(barrier)),
            ("barrier_over_temperature", .number(temperature.flatMap { t in barrier.map { $0 / t } })),
            ("mfpt_time", .number(meanFirstPassage?.time)),
            ("mfpt_steps", .number(meanFirstPassage?.steps(learningRate: learningRate))),
            ("kramers_time", .number(kramers?.time)),
            ("kramers_steps", .number(kramers?.steps(learningRate: learningRate))),
        ])
    }
}

extension OptimizerSpec {
    /// Plain SGD (no momentum, no weight decay): the dynamics the 1-D Langevin theory describes.
    public var isPlainSGD: Bool {
        if case let .sgd(c) = self { return c.momentum == 0 && c.weightDecay == 0 }
        return false
    }
}
