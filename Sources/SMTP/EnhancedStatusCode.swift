/// An RFC 3463 enhanced status code (`class.subject.detail`, e.g. `5.1.1`),
/// which a server that offers ENHANCEDSTATUSCODES puts at the start of
/// each reply's text.
public struct EnhancedStatusCode: Sendable, Hashable, CustomStringConvertible {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    public let statusClass: Int
    /// The subject (0–999): addressing, mailbox, mail system, network, …
    public let subject: Int
    /// The detail (0–999) within the subject.
    public let detail: Int

    /// Creates a code; nil unless the class is 2, 4 or 5 and the other parts are 0…999.
    public init?(statusClass: Int, subject: Int, detail: Int) {
        guard [2, 4, 5].contains(statusClass), (0...999).contains(subject), (0...999).contains(detail) else { return nil }
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// Parses a code such as `5.1.1`; nil when `text` is not one.
    public init?(_ text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
              parts[0].count == 1, let first = Int(parts[0]), let second = Int(parts[1]), let third = Int(parts[2])
        else { return nil }
        self.init(statusClass: first, subject: second, detail: third)
    }

    /// `class.subject.detail`.
    public var description: String { "\(statusClass).\(subject).\(detail)" }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
