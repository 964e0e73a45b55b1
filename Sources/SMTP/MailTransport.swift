/// Where messages go: an SMTP server (``SMTPClient``) or a folder of
/// `.eml` files (``MailFileOutbox``). A transport never throws: every
/// message ends in an outcome the caller records.
public protocol MailTransport: Sendable {
    /// Sends `message` to its `To` addresses; the envelope sender is its `From` address.
    func deliver(_ message: MailMessage) async -> SMTPDeliveryOutcome
    /// Finishes what is under way and closes every connection.
    func shutdown() async
}
