// Integrity of shard and checkpoint files: CRC-64/XZ (ECMA-182 polynomial,
// reflected, as xz and Go's crc64.ECMA). Not a defence against a forger, but
// any edit of a step count, an outcome, a coordinate or the configuration
// changes it, so `merge` and `--resume` refuse the file instead of silently
// producing a different result.

/// CRC-64/XZ: poly 0x42F0E1EBA9EA3693 (reflected 0xC96C5795D7870F42),
/// init and xorout all ones; check value of "123456789" = 0x995DC9BBDF1939FA.
public struct CRC64: Sendable {
    static let table: [UInt64] = (0..<256).map { n -> UInt64 in
        var c = UInt64(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xC96C_5795_D787_0F42 ^ (c >> 1) : c >> 1 }
        return c
    }

    private var state: UInt64 = ~0

    public init() {}

    /// Folds `bytes` into the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = state
        Self.table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt64(b)) & 0xFF)] ^ (c >> 8) }
        }
        state = c
    }

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        var c = state
        Self.table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt64(b)) & 0xFF)] ^ (c >> 8) }
        }
        state = c
    }

    /// The checksum of everything folded in so far.
    public var value: UInt64 { ~state }

    /// As 16 lowercase hexadecimal digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
