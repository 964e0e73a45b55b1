public import HomewardContract

/// Derives reminder ids: `rem-<case>-<slot>`, the same for the same case,
/// kind and schedule slot, whoever derives it and however often. An id
/// that would exceed the contract's 128 characters (a very long case id)
/// becomes `rem-` and a 128-bit hash of that text, still deterministic.
public enum ReminderIdentity {
    /// The id of the reminder for `slot` of `caseId`.
    public static func id(caseId: Identifier, slot: String) -> Identifier {
        let full = "rem-\(caseId.rawValue)-\(slot)"
        guard full.unicodeScalars.count > Identifier.maxLength else { return Identifier(trusted: full) }
        return Identifier(trusted: "rem-" + hex(fnv1a(full, basis: 0xcbf2_9ce4_8422_2325)) + hex(fnv1a(full, basis: 0x8422_2325_cbf2_9ce4)))
    }

    private static func fnv1a(_ text: String, basis: UInt64) -> UInt64 {
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
