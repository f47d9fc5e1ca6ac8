// SplitMix64: the seeded generator behind every random scenario and random test input
// (`fidelity --random`, the simulator's property and identity tests, the fuzz tests), so that a
// seed replays the same scenarios on every platform and in every release of Swift.

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by a fixed odd constant and
/// mixed; small, fast and the same everywhere, unlike `SystemRandomNumberGenerator`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `next() % n`: uniform enough for the small `n` of test inputs (the modulo bias is below
    /// n / 2^64).
    public mutating func below(_ n: UInt64) -> UInt64 { next() % n }

    /// Uniform in `range`, the same way.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.count)))
    }

    /// One of `items` (not empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[Int(below(UInt64(items.count)))] }
}
