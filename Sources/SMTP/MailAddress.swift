/// A mailbox in a header: an address and an optional display name
/// (`A. de Vries <a.devries@example.org>`).
public struct MailAddress: Sendable, Hashable {
    /// The display name, if any.
    public let displayName: String?
    /// `local@domain`.
    public let address: String

    /// Creates a mailbox.
    ///
    /// - Throws: ``SMTPError/invalidMessage(_:)`` when the address is not
    ///   `local@domain` with printable ASCII and no space or angle bracket,
    ///   or the name holds a control character (a CR or LF would inject a header).
    public init(_ address: String, displayName: String? = nil) throws(SMTPError) {
        try SMTPEnvelope.check(address, role: "header")
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw .invalidMessage("the address \(address) is not ASCII")
        }
        if let displayName { try MailHeaderValue.check(displayName, field: "display name") }
        self.address = address
        self.displayName = displayName?.isEmpty == true ? nil : displayName
    }

    /// The mailbox as a header writes it: the name quoted, or as an
    /// encoded word when it is not ASCII.
    var headerText: String {
        guard let displayName else { return address }
        if displayName.utf8.allSatisfy({ $0 < 0x80 }) {
            var quoted = "\""
            for character in displayName {
                if character == "\\" || character == "\"" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\" <\(address)>"
        }
        return "\(EncodedWord.encode(displayName).joined(separator: " ")) <\(address)>"
    }
}
