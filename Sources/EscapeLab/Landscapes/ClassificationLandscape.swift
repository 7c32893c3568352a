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
    init(parsing spec: inout Spec, minimumCount: Int) throws {
        self.init(count: try spec.int("n", default: 200, minimumCount...1_000_000),
                  imbalance: try spec.double("imbalance", default: 0.1, .openClosed(0, 1)),
                  separation: try spec.double("sep", default: 2, .nonNegative),
                  seed: try spec.seed())
    }

    /// The keys as they appear in a canonical spec.
    public var spec: String { "n=\(count),imbalance=\(imbalance.compact),sep=\(separation.compact),seed=\(seed)" }
}
