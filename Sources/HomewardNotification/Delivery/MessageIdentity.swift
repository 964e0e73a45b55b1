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
        let local = plain ? emailId : DerivedIdentifier.digest(emailId)
        return "hw-\(local)@\(domain)"
    }

    /// The digest of `recipientId` at `moment`: `dig-<recipient>-<UTC moment>`.
    static func digestId(recipientId: Identifier, at moment: Timestamp) -> String {
        let compact = moment.rfc3339.filter { $0 != "-" && $0 != ":" }
        return DerivedIdentifier.make("dig-\(recipientId.rawValue)-\(compact)", prefix: "dig-").rawValue
    }
}
