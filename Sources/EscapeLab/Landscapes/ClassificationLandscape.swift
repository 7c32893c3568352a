// What the two classification models (logistic and softmax regression) share:
// a synthetic data set fixed by the spec keys n, imbalance, sep and seed, a
// minimum found at set-up where every run starts, and nothing to escape from.
// Each model keeps only its logits, loss and derivatives.

/// A finite-sum classification model on ``ClassificationData``.
public protocol ClassificationLandscape: FiniteSumLandscape {
    /// The examples (features and labels).
    var data: ClassificationData { get }
    /// The data keys of the spec.
    var dataKeys: ClassificationKeys { get }
    /// The minimum of L found at set-up (Newton's method).
    var minimum: [Double] { get }
}

extension ClassificationLandscape {
    /// The number of examples N.
    public var count: Int { dataKeys.count }
    /// rho, the smallest class over the largest.
    public var imbalance: Double { dataKeys.imbalance }
    /// Distance between cluster centres.
    public var separation: Double { dataKeys.separation }
    /// The seed the data set is drawn from.
    public var seed: UInt32 { dataKeys.seed }

    public var sampleCount: Int { dataKeys.count }
    public var start: [Double] { minimum }
    public var startMinimum: [Double]? { minimum }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .never }
}

/// The data set's spec keys: `n=200,imbalance=0.1,sep=2,seed=1`.
public struct ClassificationKeys: Sendable, Equatable {
    public var count: Int
    public var imbalance: Double
    public var separation: Double
    public var seed: UInt32

    public init(count: Int = 200, imbalance: Double = 0.1, separation: Double = 2, seed: UInt32 = 1) {
        self.count = count
        self.imbalance = imbalance
        self.separation = separation
        self.seed = seed
    }

    /// Parses n (at least `minimumCount`), imbalance in (0, 1], sep >= 0 and seed.
    static func countParameter(_ minimumCount: Int) -> SpecParameter<ClassificationKeys, Int> {
        SpecParameter("n", \.count, default: 200, minimumCount...1_000_000, "number of examples N")
    }
    static let imbalanceParameter = SpecParameter("imbalance", \ClassificationKeys.imbalance, default: 0.1, .openClosed(0, 1),
                                                  "class-size ratio rho (minority / majority)")
    static let separationParameter = SpecParameter("sep", \ClassificationKeys.separation, default: 2.0, .nonNegative,
                                                   "distance between the cluster means")
    static let seedParameter = SpecParameter("seed", \ClassificationKeys.seedValue, default: 1, 0...Int(UInt32.max), "data-set seed")

    var seedValue: Int { Int(seed) }

    init(parsing spec: inout Spec, minimumCount: Int) throws {
        self.init(count: try spec.read(Self.countParameter(minimumCount)), imbalance: try spec.read(Self.imbalanceParameter),
                  separation: try spec.read(Self.separationParameter), seed: UInt32(try spec.read(Self.seedParameter)))
    }

    /// The declarations, as parameters of a landscape that keeps its keys at `path`.
    static func parameters<Root>(_ path: KeyPath<Root, ClassificationKeys> & Sendable, minimumCount: Int) -> [ParameterInfo<Root>] {
        [countParameter(minimumCount).info, imbalanceParameter.info, separationParameter.info, seedParameter.info]
            .map { $0.lifted(path) }
    }
}
