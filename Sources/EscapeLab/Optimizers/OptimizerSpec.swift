/// A parsed `--optimizer` spec: which algorithm and its hyperparameters.
/// The learning rate is given separately (`--lr`).
public enum OptimizerSpec: Equatable, Sendable {
    case sgd(SGDConfig)
    case adam(AdamConfig)
    case rmsprop(RMSpropConfig)
    case adagrad(AdagradConfig)
    case adai(AdaiConfig)

    /// Spec names and their one-line descriptions, for `escapelab list optimizers`.
    public static let catalog: [(name: String, summary: String)] = [
        ("sgd", "sgd:momentum=0,dampening=0,nesterov=false,weight-decay=0  (torch.optim.SGD)"),
        ("adam", "adam:beta1=0.9,beta2=0.999,eps=1e-8,weight-decay=0,amsgrad=false  (torch.optim.Adam)"),
        ("adamw", "adamw:beta1=0.9,beta2=0.999,eps=1e-8,weight-decay=0.01,amsgrad=false  (torch.optim.AdamW, decoupled decay)"),
        ("rmsprop", "rmsprop:alpha=0.99,eps=1e-8,momentum=0,centered=false,weight-decay=0  (torch.optim.RMSprop)"),
        ("adagrad", "adagrad:lr-decay=0,eps=1e-10,initial-accumulator=0,weight-decay=0  (torch.optim.Adagrad)"),
        ("adai", "adai:beta0=0.1,beta2=0.99,eps=1e-3,weight-decay=0  (adaptive inertia, Xie et al.)"),
    ]

    /// Parses `--optimizer`.
    public init(parsing text: String) throws {
        var spec = try Spec(text, flag: "--optimizer")
        let beta: NumericRange = .closedOpen(0, 1)
        switch spec.name {
        case "sgd":
            let c = SGDConfig(momentum: try spec.double("momentum", default: 0, .closedOpen(0, 1)),
                              dampening: try spec.double("dampening", default: 0, .closed(0, 1)),
                              nesterov: try spec.bool("nesterov", default: false),
                              weightDecay: try spec.double("weight-decay", default: 0, .nonNegative))
            if c.nesterov && (c.momentum == 0 || c.dampening != 0) {
                throw SpecError.invalid(flag: "--optimizer", value: text, accepted: "nesterov=true with momentum > 0 and dampening=0")
            }
            self = .sgd(c)
        case "adam", "adamw":
            let w = spec.name == "adamw"
            self = .adam(AdamConfig(beta1: try spec.double("beta1", default: 0.9, beta),
                                    beta2: try spec.double("beta2", default: 0.999, beta),
                                    eps: try spec.double("eps", default: 1e-8, .positive),
                                    weightDecay: try spec.double("weight-decay", default: w ? 0.01 : 0, .nonNegative),
                                    amsgrad: try spec.bool("amsgrad", default: false),
                                    decoupled: w))
        case "rmsprop":
            self = .rmsprop(RMSpropConfig(alpha: try spec.double("alpha", default: 0.99, beta),
                                          eps: try spec.double("eps", default: 1e-8, .positive),
                                          momentum: try spec.double("momentum", default: 0, .closedOpen(0, 1)),
                                          centered: try spec.bool("centered", default: false),
                                          weightDecay: try spec.double("weight-decay", default: 0, .nonNegative)))
        case "adagrad":
            self = .adagrad(AdagradConfig(lrDecay: try spec.double("lr-decay", default: 0, .nonNegative),
                                          eps: try spec.double("eps", default: 1e-10, .positive),
                                          initialAccumulator: try spec.double("initial-accumulator", default: 0, .nonNegative),
                                          weightDecay: try spec.double("weight-decay", default: 0, .nonNegative)))
        case "adai":
            self = .adai(AdaiConfig(beta0: try spec.double("beta0", default: 0.1, .openClosed(0, 1)),
                                    beta2: try spec.double("beta2", default: 0.99, beta),
                                    eps: try spec.double("eps", default: 1e-3, .open(0, 1)),
                                    weightDecay: try spec.double("weight-decay", default: 0, .nonNegative)))
        default:
            throw SpecError.invalid(flag: "--optimizer", value: text,
                                    accepted: "one of \(Self.catalog.map(\.name).joined(separator: ", "))")
        }
        try spec.finish()
    }

    /// The canonical spec with every hyperparameter after defaults.
    public var spec: String {
        func b(_ v: Bool) -> String { v ? "true" : "false" }
        switch self {
        case let .sgd(c):
            return "sgd:momentum=\(c.momentum.compact),dampening=\(c.dampening.compact),nesterov=\(b(c.nesterov)),weight-decay=\(c.weightDecay.compact)"
        case let .adam(c):
            return "\(c.decoupled ? "adamw" : "adam"):beta1=\(c.beta1.compact),beta2=\(c.beta2.compact),eps=\(c.eps.compact),weight-decay=\(c.weightDecay.compact),amsgrad=\(b(c.amsgrad))"
        case let .rmsprop(c):
            return "rmsprop:alpha=\(c.alpha.compact),eps=\(c.eps.compact),momentum=\(c.momentum.compact),centered=\(b(c.centered)),weight-decay=\(c.weightDecay.compact)"
        case let .adagrad(c):
            return "adagrad:lr-decay=\(c.lrDecay.compact),eps=\(c.eps.compact),initial-accumulator=\(c.initialAccumulator.compact),weight-decay=\(c.weightDecay.compact)"
        case let .adai(c):
            return "adai:beta0=\(c.beta0.compact),beta2=\(c.beta2.compact),eps=\(c.eps.compact),weight-decay=\(c.weightDecay.compact)"
        }
    }
}
