// The `loss=` part of a finite-sum model's spec, shared by `logistic` and
// `softmax`. Parsing is strict: gamma and alpha are accepted only with
// loss=focal, beta only with loss=balanced, so a spec never carries a
// parameter that does nothing.

/// Which per-example loss a classification landscape uses.
///
/// | spec | loss of example (x, y) |
/// |---|---|
/// | `loss=ce` | cross-entropy: binary on `logistic`, categorical (softmax) on `softmax` |
/// | `loss=focal,gamma=2,alpha=0.25` | focal loss -alpha_t (1 - p_t)^gamma log p_t |
/// | `loss=balanced,beta=0.999` | cross-entropy weighted by the class-balanced weights of ``ClassBalance`` |
///
/// On `logistic` alpha_t = alpha for label 1 and 1 - alpha for label 0 (Lin et
/// al.); on `softmax` alpha is one weight for every class.
public enum LossSpec: Equatable, Sendable {
    case crossEntropy
    case focal(gamma: Double, alpha: Double)
    case balanced(beta: Double)

    /// Consumes `loss` and the parameters of the chosen loss.
    public init(parsing spec: inout Spec) throws {
        switch try spec.choice("loss", default: "ce", ["ce", "focal", "balanced"]) {
        case "focal":
            self = .focal(gamma: try spec.double("gamma", default: 2, .nonNegative),
                          alpha: try spec.double("alpha", default: 0.25, .open(0, 1)))
        case "balanced":
            self = .balanced(beta: try spec.double("beta", default: 0.999, .closedOpen(0, 1)))
        default:
            self = .crossEntropy
        }
    }

    /// The spec fragment with every parameter after defaults, e.g. `loss=focal,gamma=2,alpha=0.25`.
    public var spec: String {
        switch self {
        case .crossEntropy: return "loss=ce"
        case let .focal(g, a): return "loss=focal,gamma=\(g.compact),alpha=\(a.compact)"
        case let .balanced(b): return "loss=balanced,beta=\(b.compact)"
        }
    }

    /// A short name for tables: `ce`, `focal`, `balanced`.
    public var name: String {
        switch self {
        case .crossEntropy: return "ce"
        case .focal: return "focal"
        case .balanced: return "balanced"
        }
    }

    /// The binary loss for class sizes (n_0, n_1).
    public func binary(counts: [Int]) -> BinaryLoss {
        switch self {
        case .crossEntropy: return BinaryLoss(.crossEntropy)
        case let .focal(g, a): return BinaryLoss(.focal(gamma: g), weights: SIMD2(1 - a, a))
        case let .balanced(b):
            let w = ClassBalance.weights(counts: counts, beta: b)
            return BinaryLoss(.crossEntropy, weights: SIMD2(w[0], w[1]))
        }
    }

    /// The softmax loss for class sizes `counts` (2...4 classes).
    public func softmax(counts: [Int]) -> SoftmaxLoss {
        let k = counts.count
        switch self {
        case .crossEntropy: return SoftmaxLoss(.crossEntropy, classes: k)
        case let .focal(g, a): return SoftmaxLoss(.focal(gamma: g), classes: k, weights: SIMD4(repeating: a))
        case let .balanced(b):
            var w = SIMD4<Double>(repeating: 0)
            for (c, v) in ClassBalance.weights(counts: counts, beta: b).enumerated() { w[c] = v }
            return SoftmaxLoss(.crossEntropy, classes: k, weights: w)
        }
    }
}
