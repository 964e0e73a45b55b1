public import HomewardContract

/// Output event ids derived from what caused them: the same inputs always
/// give the same id. An id that would exceed the contract's 128 characters
/// (very long case ids) becomes `prefix` and a 128-bit hash of the full
/// text, still deterministic.
public enum DerivedIdentifier {
    /// `full` if it fits, else `prefix` + 32 hex digits of its hash.
    public static func make(_ full: String, prefix: String) -> Identifier {
        guard full.unicodeScalars.count > Identifier.maxLength else { return Identifier(trusted: full) }
        return Identifier(trusted: prefix + digest(full))
    }

    /// A 128-bit hash of `text` as 32 hex digits: deterministic across runs
    /// and machines (unlike `Hasher`), for ids and derived values; not for security.
    public static func digest(_ text: String) -> String {
        hex(fnv1a(text, basis: 0xcbf2_9ce4_8422_2325)) + hex(fnv1a(text, basis: 0x8422_2325_cbf2_9ce4))
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes from `basis`.
    public static func fnv1a(_ text: String, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
