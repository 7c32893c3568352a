// Points, gradients and optimizer state share one storage type per run, chosen
// from the dimension d: `Point1` for d = 1 (a plain Double, nothing wasted),
// SIMD2/4/8/16 up to d = 16 (registers, no memory traffic), and
// `DynamicVector` above (a heap buffer made once per worker or trajectory,
// then mutated in place, so a step still allocates nothing).
//
// Everything that runs per step is written lane by lane (`for i in
// 0..<x.laneCount`), in place, with the same scalar operations in the same
// order whatever the storage: a trajectory is bit-identical on every storage
// that holds its dimension (SIMD's `sum()` adds lanes in index order, as
// `DynamicVector` does). Fixed storage has padding lanes past d; they start at
// zero and stay zero, because landscapes write only lanes below d, noise draws
// only d numbers, and every optimizer maps a zero gradient on a zero
// coordinate to a zero step.

/// Storage for a point of a d-dimensional landscape, its gradient, and
/// optimizer buffers of the same shape.
///
/// Conformers: ``Point1``, `SIMD2/4/8/16<Double>` and ``DynamicVector``. The
/// engine picks one per run; landscapes, optimizers and noise are generic over
/// it, so each combination is compiled as its own specialised hot loop.
public protocol PointVector: Sendable {
    /// The largest dimension this storage holds.
    static var capacity: Int { get }
    /// A zero vector for `dimension` coordinates (`dimension <= capacity`).
    init(zeros dimension: Int)
    /// The lanes element-wise code visits: the fixed width (padding included)
    /// for fixed storage, d for ``DynamicVector``.
    var laneCount: Int { get }
    /// Coordinate `i` (`0 <= i < laneCount`).
    subscript(i: Int) -> Double { get set }
    /// sum_i term(i) over every lane, added in index order.
    func sum(_ term: (Int) -> Double) -> Double
}

extension PointVector {
    /// A vector holding `values` in its first lanes, the rest zero.
    @inlinable
    public init(_ values: [Double]) {
        self.init(zeros: values.count)
        for i in values.indices { self[i] = values[i] }
    }

    /// The first `dimension` lanes as an array.
    @inlinable
    public func array(_ dimension: Int) -> [Double] {
        (0..<dimension).map { self[$0] }
    }

    /// Euclidean inner product sum_i x_i y_i, in index order.
    @inlinable
    public func dot(_ other: Self) -> Double { sum { self[$0] * other[$0] } }

    /// True when every lane is finite (padding lanes are zero, hence finite).
    @inlinable
    public var isFinite: Bool {
        // x - x is 0 for finite x and NaN for +-inf and NaN, so the sum is 0
        // exactly when every lane is finite (no per-lane branches).
        sum { self[$0] - self[$0] } == 0
    }

    /// True when the first `dimension` lanes are finite; with a constant
    /// dimension of 1 this compiles to one scalar check.
    @inlinable
    public func isFinite(dimension: Int) -> Bool {
        if dimension == 1 { return self[0] - self[0] == 0 }
        return isFinite
    }

    /// Sets every lane to zero, keeping the storage.
    @inlinable
    public mutating func setZero() {
        for i in 0..<laneCount { self[i] = 0 }
    }
}

/// One coordinate: the storage of every 1-D landscape.
@frozen
public struct Point1: PointVector, Equatable {
    public var value: Double

    @inlinable public static var capacity: Int { 1 }
    @inlinable public init(zeros dimension: Int) { value = 0 }
    @inlinable public init(_ value: Double) { self.value = value }
    @inlinable public var laneCount: Int { 1 }

    @inlinable
    public subscript(i: Int) -> Double {
        get { value }
        set { value = newValue }
    }

    @inlinable
    public func sum(_ term: (Int) -> Double) -> Double { laneSum(1, term) }
}

extension SIMD2: PointVector where Scalar == Double {
    @inlinable public static var capacity: Int { 2 }
    @inlinable public init(zeros dimension: Int) { self.init(repeating: 0) }
    @inlinable public var laneCount: Int { 2 }
    @inlinable public func sum(_ term: (Int) -> Double) -> Double { laneSum(2, term) }
}

extension SIMD4: PointVector where Scalar == Double {
    @inlinable public static var capacity: Int { 4 }
    @inlinable public init(zeros dimension: Int) { self.init(repeating: 0) }
    @inlinable public var laneCount: Int { 4 }
    @inlinable public func sum(_ term: (Int) -> Double) -> Double { laneSum(4, term) }
}

extension SIMD8: PointVector where Scalar == Double {
    @inlinable public static var capacity: Int { 8 }
    @inlinable public init(zeros dimension: Int) { self.init(repeating: 0) }
    @inlinable public var laneCount: Int { 8 }
    @inlinable public func sum(_ term: (Int) -> Double) -> Double { laneSum(8, term) }
}

extension SIMD16: PointVector where Scalar == Double {
    @inlinable public static var capacity: Int { 16 }
    @inlinable public init(zeros dimension: Int) { self.init(repeating: 0) }
    @inlinable public var laneCount: Int { 16 }
    @inlinable public func sum(_ term: (Int) -> Double) -> Double { laneSum(16, term) }
}

/// sum_{i < n} term(i), added in index order.
@inlinable @inline(__always)
func laneSum(_ n: Int, _ term: (Int) -> Double) -> Double {
    var s = 0.0
    var i = 0
    while i < n { s += term(i); i &+= 1 }
    return s
}

/// The largest dimension EscapeLab runs: points of up to 16 coordinates live
/// in fixed SIMD storage, larger ones in ``DynamicVector``.
public let maximumDimension = 4096

/// The largest dimension held in fixed (SIMD) storage.
public let maximumFixedDimension = 16
