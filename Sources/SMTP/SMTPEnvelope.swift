/// A message as the session sends it: who it is from and to (the
/// envelope, which may differ from the headers) and its content.
public struct SMTPEnvelope: Sendable, Hashable {
    /// The reverse path (`MAIL FROM`).
    public let sender: String
    /// The forward paths (`RCPT TO`), at least one.
    public let recipients: [String]
    /// The RFC 5322 message, lines ending in CRLF, not yet dot-stuffed.
    public let content: [UInt8]

    /// Creates an envelope.
    ///
    /// - Throws: ``SMTPError/invalidMessage(_:)`` when there is no recipient,
    ///   or an address is empty, has a control character, a space or angle
    ///   brackets (so nothing can be injected into MAIL or RCPT), or no `@`.
    public init(sender: String, recipients: [String], content: [UInt8]) throws(SMTPError) {
        guard !recipients.isEmpty else { throw .invalidMessage("a message needs at least one recipient") }
        try Self.check(sender, role: "sender")
        for recipient in recipients { try Self.check(recipient, role: "recipient") }
        self.sender = sender
        self.recipients = recipients
        self.content = content
    }

    /// Whether the content has bytes above 127 (BODY=8BITMIME is asked for where offered).
    public var isEightBit: Bool { content.contains { $0 >= 0x80 } }

    /// Whether an address is not ASCII (needs the server's SMTPUTF8).
    public var needsSMTPUTF8: Bool { ([sender] + recipients).contains { $0.utf8.contains { $0 >= 0x80 } } }

    /// Refuses an address that is empty, longer than 254 bytes, holds a
    /// control character, a space or an angle bracket (nothing can be
    /// injected into MAIL, RCPT or a header), or is not `local@domain`.
    static func check(_ address: String, role: String) throws(SMTPError) {
        guard !address.isEmpty, address.utf8.count <= 254 else { throw .invalidMessage("the \(role) address is empty or longer than 254 bytes") }
        guard !address.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F || $0 == 0x3C || $0 == 0x3E }) else {
            throw .invalidMessage("the \(role) address has a control character, a space or an angle bracket")
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex, address.index(after: at) != address.endIndex else {
            throw .invalidMessage("the \(role) address is not local@domain")
        }
    }
}
