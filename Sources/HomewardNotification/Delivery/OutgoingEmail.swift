public import HomewardContract

/// An e-mail the rules ask the runtime to send: everything the mail client
/// needs, already rendered. Maps field for field onto the SMTP module's
/// `MailMessage` (`date` in seconds: ``dateSecondsSinceEpoch``; the sender
/// address is the transport's). The state recorded the send as started
/// before this value left the rules; its end comes back as a ``SendOutcome``
/// with the same ``messageId`` and ``attempt``.
public struct OutgoingEmail: Sendable, Hashable {
    /// The recipient (the state's key).
    public var recipientId: Identifier
    /// The e-mail within the recipient's deliveries: the notification id, or the digest's id.
    public var emailId: String
    /// The notifications it carries.
    public var notificationIds: [Identifier]
    /// The recipient's name, for `To`.
    public var toName: String
    /// The recipient's address, for `To` and `RCPT TO`.
    public var toAddress: String
    /// `Message-ID` without angle brackets (`local@domain`): the same on
    /// every attempt, so a duplicate of an in-doubt send can be recognised.
    public var messageId: String
    /// `Date`: when this attempt goes out.
    public var date: Timestamp
    /// Header fields to add, in order: `X-Homeward-Notification` with each notification id.
    public var headers: [EmailHeader]
    /// The rendered subject and bodies.
    public var content: RenderedEmail
    /// 1 for the first attempt, 2 for the next, …
    public var attempt: Int

    /// Creates an e-mail to send.
    public init(recipientId: Identifier, emailId: String, notificationIds: [Identifier], toName: String, toAddress: String,
                messageId: String, date: Timestamp, headers: [EmailHeader], content: RenderedEmail, attempt: Int) {
        self.recipientId = recipientId
        self.emailId = emailId
        self.notificationIds = notificationIds
        self.toName = toName
        self.toAddress = toAddress
        self.messageId = messageId
        self.date = date
        self.headers = headers
        self.content = content
        self.attempt = attempt
    }

    /// `date` in whole seconds since 1970 (`MailMessage.date`).
    public var dateSecondsSinceEpoch: Int64 { date.millisecondsSinceEpoch / 1000 }
}

/// One header field of an outgoing e-mail.
public struct EmailHeader: Sendable, Hashable {
    /// The field name (`X-Homeward-Notification`).
    public var name: String
    /// The value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `X-Homeward-Notification`: names one notification the e-mail carries.
    public static let notificationName = "X-Homeward-Notification"
}
