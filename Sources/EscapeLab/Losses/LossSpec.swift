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

    static let lossParameter = SpecParameter("loss", \LossSpec.name, default: "ce", ["ce", "focal", "balanced"],
                                             "per-example loss: cross-entropy, focal, or class-balanced cross-entropy")
    static let gammaParameter = SpecParameter("gamma", \LossSpec.gamma, default: 2.0, .nonNegative,
                                              "focal exponent (loss=focal)", when: { $0.name == "focal" })
    static let alphaParameter = SpecParameter("alpha", \LossSpec.alpha, default: 0.25, .open(0, 1),
                                              "focal class weight alpha_t (loss=focal)", when: { $0.name == "focal" })
    static let betaParameter = SpecParameter("beta", \LossSpec.beta, default: 0.999, .closedOpen(0, 1),
                                             "class-balance beta (loss=balanced)", when: { $0.name == "balanced" })

    /// The declarations, as parameters of a landscape that keeps its loss at `path`.
    static func parameters<Root>(_ path: KeyPath<Root, LossSpec> & Sendable) -> [ParameterInfo<Root>] {
        [lossParameter.info, gammaParameter.info, alphaParameter.info, betaParameter.info].map { $0.lifted(path) }
    }

    /// The spec fragment with every parameter after defaults, e.g. `loss=focal,gamma=2,alpha=0.25`.
    public var spec: String {
        [Self.lossParameter.info, Self.gammaParameter.info, Self.alphaParameter.info, Self.betaParameter.info]
            .compactMap { p in p.render(self).map { "\(p.key)=\($0)" } }.joined(separator: ",")
    }

    /// Consumes `loss` and the parameters of the chosen loss.
    public init(parsing spec: inout Spec) throws {
        switch try spec.read(Self.lossParameter) {
        case "focal":
            self = .focal(gamma: try spec.read(Self.gammaParameter), alpha: try spec.read(Self.alphaParameter))
        case "balanced":
            self = .balanced(beta: try spec.read(Self.betaParameter))
        default:
            self = .crossEntropy
        }
    }

    /// The focal exponent (its default for other losses).
    public var gamma: Double { if case let .focal(g, _) = self { return g }; return Self.gammaParameter.defaultValue }
    /// The focal weight alpha (its default for other losses).
    public var alpha: Double { if case let .focal(_, a) = self { return a }; return Self.alphaParameter.defaultValue }
    /// The class-balance beta (its default for other losses).
    public var beta: Double { if case let .balanced(b) = self { return b }; return Self.betaParameter.defaultValue }

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
