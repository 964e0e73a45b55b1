/// Eight bytes of a string at a time, as one little-endian word: each
/// function returns the high bit of every byte lane that matches. The lowest
/// flagged lane is always exact (a borrow only carries upwards, past a lane
/// that matched), so a scan may jump to it.
enum ByteLanes {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Lanes equal to `byte`.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highs
    }

    /// Lanes below `byte` (for `byte` ≤ 0x80).
    @inline(__always)
    static func below(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        (word &- ones &* UInt64(byte)) & ~word & highs
    }

    /// Lanes of 0x80 or more (not ASCII).
    @inline(__always)
    static func nonASCII(_ word: UInt64) -> UInt64 { word & highs }
}
