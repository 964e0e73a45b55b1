public import HomewardNotification
public import SMTP

extension OutgoingEmail {
    /// The e-mail as the mail client sends it, from `sender`.
    ///
    /// - Throws: ``SMTPError/invalidMessage(_:)`` when the recipient's address is not a valid address.
    public func message(from sender: MailAddress) throws(SMTPError) -> MailMessage {
        MailMessage(from: sender, to: [try MailAddress(toAddress, displayName: toName)], subject: content.subject,
                    date: dateSecondsSinceEpoch, messageID: messageId,
                    extraHeaders: headers.map { ($0.name, $0.value) }, text: content.text, html: content.html)
    }
}
