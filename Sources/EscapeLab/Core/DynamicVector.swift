// Storage for dimensions past the SIMD widths (17 ... `maximumDimension`).
// A `DynamicVector` owns a contiguous buffer with value semantics (copy on
// write). The engine makes each vector once per worker or per trajectory and
// then only writes its lanes in place, so a step allocates nothing: the
// buffer is uniquely referenced and never copied.

/// A point of any dimension, stored in a heap buffer of exactly d lanes.
@frozen
public struct DynamicVector: PointVector, Equatable {
    @usableFromInline var storage: ContiguousArray<Double>

    @inlinable public static var capacity: Int { maximumDimension }

    @inlinable
    public init(zeros dimension: Int) {
        storage = ContiguousArray(repeating: 0, count: dimension)
    }

    @inlinable public var laneCount: Int { storage.count }

    @inlinable
    public subscript(i: Int) -> Double {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    @inlinable
    public func sum(_ term: (Int) -> Double) -> Double { laneSum(storage.count, term) }
}
