/// A seedable pseudo-random generator: xoshiro256** with its state filled by
/// SplitMix64, as its authors recommend.
///
/// Every case draws from its own stream, derived from the run's seed and the
/// case number, so a case's history does not depend on how many other cases
/// are simulated or in which order they are processed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates the generator of one stream (`stream`) of the run seeded with `seed`.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed)
        let base = mixer.next()
        mixer = SplitMix64(state: base ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}

/// SplitMix64, used only to spread a seed over xoshiro's 256 bits of state.
struct SplitMix64: Sendable {
    /// The running state.
    var state: UInt64

    /// The next 64 bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
