// Points, gradients and optimizer state live in fixed-size SIMD vectors so the
// hot loop never allocates. A problem of dimension d runs on the smallest
// SIMD2/4/8/16 that holds d coordinates; the lanes past d ("padding") are
// zero at the start and every landscape, noise and optimizer keeps them zero:
// landscapes write gradients only for i < d, noise draws only d numbers, and
// each optimizer maps a zero gradient on a zero coordinate to a zero step.

/// Fixed-capacity storage for a point of a d-dimensional landscape, d <= capacity.
public protocol PointVector: SIMD, Sendable where Scalar == Double {}

extension SIMD2: PointVector where Scalar == Double {}
extension SIMD4: PointVector where Scalar == Double {}
extension SIMD8: PointVector where Scalar == Double {}
extension SIMD16: PointVector where Scalar == Double {}

/// The widest storage, used for points given as arrays outside the hot loop.
public typealias WidestVector = SIMD16<Double>

/// The largest dimension EscapeLab runs. Each storage width is compiled into
/// every landscape x optimizer combination; SIMD32/64 would multiply the
/// release build's code size (SIMD64 alone was 80% of it) for dimensions the
/// analytic landscapes here do not need. Raise it by adding SIMD32 in
/// `Engine.simulate` and here.
public let maximumDimension = 16

extension PointVector {
    /// The first `values.count` lanes from `values`, the rest zero.
    public init(_ values: [Double]) {
        self.init(repeating: 0)
        for i in values.indices { self[i] = values[i] }
    }

    /// The first `dimension` lanes as an array.
    public func array(_ dimension: Int) -> [Double] {
        (0..<dimension).map { self[$0] }
    }

    /// True when every lane is finite (padding lanes are zero, hence finite).
    @inline(__always)
    public var isFinite: Bool {
        // x - x is 0 for finite x and NaN for +-inf and NaN, so the lane sum
        // is 0 exactly when every lane is finite (no per-lane branches).
        (self - self).sum() == 0
    }

    /// True when the first `dimension` lanes are finite; with a constant
    /// dimension of 1 this compiles to one scalar check.
    @inline(__always)
    public func isFinite(dimension: Int) -> Bool {
        if dimension == 1 { return self[0] - self[0] == 0 }
        return isFinite
    }

    /// Euclidean inner product over all lanes.
    @inline(__always)
    public func dot(_ other: Self) -> Double { (self * other).sum() }
}
