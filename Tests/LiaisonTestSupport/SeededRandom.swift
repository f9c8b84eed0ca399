/// A small seeded generator (SplitMix64) for tests that play random input: the same seed
/// gives the same run, so a failure can be replayed.
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A number from 0 to `count` - 1.
    public mutating func next(_ count: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(count))
    }

    /// A number in `range`.
    public mutating func next(in range: ClosedRange<Int>) -> Int { range.lowerBound + next(range.count) }

    /// One of `items`.
    public mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
}
