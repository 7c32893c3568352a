/// One of N contiguous slices of a run's trajectory indices (`--shard I/N`, I from 0).
///
/// Shard I of N over n trajectories holds indices [I n / N, (I + 1) n / N).
/// Each trajectory's seed depends only on (master seed, index), so the
/// shards' records concatenated in shard order are the single run's records.
public struct Shard: Equatable, Sendable, Codable {
    public let index: Int
    public let count: Int

    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N` with 0 <= I < N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
            throw SpecError.invalid(.shard, value: text, accepted: "I/N with integers 0 <= I < N, e.g. 0/4")
        }
        self.init(index: i, count: n)
    }

    /// The trajectory indices of this shard in a run of `trajectories`.
    public func range(of trajectories: Int) -> Range<Int> {
        // floor(i n / N) in 128-bit arithmetic: i n overflows 64 bits for
        // large shard counts (i < N and n >= 0, so the quotient fits).
        func bound(_ i: Int) -> Int {
            let p = UInt(i).multipliedFullWidth(by: UInt(trajectories))
            return Int(UInt(count).dividingFullWidth(p).quotient)
        }
        return bound(index)..<bound(index + 1)
    }

    public var spec: String { "\(index)/\(count)" }
}
