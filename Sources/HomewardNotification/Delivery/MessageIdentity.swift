import HomewardContract
import HomewardProcessing

/// Derives the ids of e-mails: a Message-ID from the e-mail's id, and a
/// digest's id from its recipient and moment. The same inputs always give
/// the same ids, so a re-sent e-mail carries the Message-ID it had.
enum MessageIdentity {
    /// `hw-<email id>@<domain>`; an id with characters a Message-ID cannot
    /// carry as they are, or longer than 128, becomes a 128-bit hash of it.
    static func messageId(emailId: String, domain: String) -> String {
        let plain = emailId.utf8.count <= 128 && emailId.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
        } && !emailId.hasPrefix(".") && !emailId.hasSuffix(".") && !emailId.contains("..")
        let local = plain ? emailId : hash(emailId)
        return "hw-\(local)@\(domain)"
    }

    /// The digest of `recipientId` at `moment`: `dig-<recipient>-<UTC moment>`.
    static func digestId(recipientId: Identifier, at moment: Timestamp) -> String {
        let compact = moment.rfc3339.filter { $0 != "-" && $0 != ":" }
        return DerivedIdentifier.make("dig-\(recipientId.rawValue)-\(compact)", prefix: "dig-").rawValue
    }

    /// Two FNV-1a digests of `text` in hex.
    static func hash(_ text: String) -> String {
        hex(fnv1a(text, basis: 0xcbf2_9ce4_8422_2325)) + hex(fnv1a(text, basis: 0x8422_2325_cbf2_9ce4))
    }

    static func fnv1a(_ text: String, basis: UInt64) -> UInt64 {
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
