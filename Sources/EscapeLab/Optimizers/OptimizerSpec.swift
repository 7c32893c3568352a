/// A parsed `--optimizer` spec: which algorithm and its hyperparameters.
/// The learning rate is given separately (`--lr`).
///
/// These are the optimizers the spec grammar and the CLI know. An optimizer of
/// your own conforms to ``Optimizer`` and runs through
/// ``Ensemble/run(landscape:optimizer:noise:escape:start:maxSteps:plan:)``.
public enum OptimizerSpec: Equatable, Sendable {
    case sgd(SGDConfig)
    case adam(AdamConfig)
    case rmsprop(RMSpropConfig)
    case adagrad(AdagradConfig)
    case adai(AdaiConfig)

    /// Every family the grammar accepts, with its declared parameters.
    public static let catalog: [SpecListing] = [
        SpecListing(name: "sgd", summary: "torch.optim.SGD", parameters: SGDConfig.parameters),
        SpecListing(name: "adam", summary: "torch.optim.Adam", parameters: AdamConfig.parameters(decoupled: false)),
        SpecListing(name: "adamw", summary: "torch.optim.AdamW (decoupled weight decay)", parameters: AdamConfig.parameters(decoupled: true)),
        SpecListing(name: "rmsprop", summary: "torch.optim.RMSprop", parameters: RMSpropConfig.parameters),
        SpecListing(name: "adagrad", summary: "torch.optim.Adagrad", parameters: AdagradConfig.parameters),
        SpecListing(name: "adai", summary: "adaptive inertia (Xie et al.)", parameters: AdaiConfig.parameters),
    ]

    /// Parses an optimizer spec.
    public init(parsing text: String) throws {
        var spec = try Spec(text, field: .optimizer)
        switch spec.name {
        case "sgd":
            let c = try spec.build(SGDConfig(), SGDConfig.parameters)
            if c.nesterov && (c.momentum == 0 || c.dampening != 0) {
                throw SpecError.invalid(.optimizer, value: text, accepted: "nesterov=true with momentum > 0 and dampening=0")
            }
            self = .sgd(c)
        case "adam", "adamw":
            let w = spec.name == "adamw"
            self = .adam(try spec.build(AdamConfig(decoupled: w), AdamConfig.parameters(decoupled: w)))
        case "rmsprop": self = .rmsprop(try spec.build(RMSpropConfig(), RMSpropConfig.parameters))
        case "adagrad": self = .adagrad(try spec.build(AdagradConfig(), AdagradConfig.parameters))
        case "adai": self = .adai(try spec.build(AdaiConfig(), AdaiConfig.parameters))
        default:
            throw SpecError.invalid(.optimizer, value: text,
                                    accepted: "one of \(Self.catalog.map(\.name).joined(separator: ", "))")
        }
        try spec.finish()
    }

    /// The canonical spec with every hyperparameter after defaults.
    public var spec: String {
        switch self {
        case let .sgd(c): return renderSpec("sgd", SGDConfig.parameters, c)
        case let .adam(c): return renderSpec(c.decoupled ? "adamw" : "adam", AdamConfig.parameters(decoupled: c.decoupled), c)
        case let .rmsprop(c): return renderSpec("rmsprop", RMSpropConfig.parameters, c)
        case let .adagrad(c): return renderSpec("adagrad", AdagradConfig.parameters, c)
        case let .adai(c): return renderSpec("adai", AdaiConfig.parameters, c)
        }
    }

    /// Plain SGD (no momentum, no weight decay): the dynamics the 1-D Langevin theory describes.
    public var isPlainSGD: Bool {
        if case let .sgd(c) = self { return c.isPlain }
        return false
    }
}
