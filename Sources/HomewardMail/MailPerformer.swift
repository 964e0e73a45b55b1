import HomewardContract
public import HomewardNotification
public import HomewardProcessing
public import SMTP

/// Sends the e-mails delivery's rules ask for (``OutgoingEmail/sendRole``)
/// through a mail transport, and reports each attempt's end as the input
/// the rules record (``DeliveryInput/outcome(_:)``): the notifier's
/// ``EffectPerformer``.
///
/// The outcome's time is the e-mail's `Date` (the moment the rules sent
/// it), so a worker on stream time records it at that moment; on the wall
/// clock the runtime uses the wall clock anyway. A failure's reason has any
/// address the server or the message echoed taken out (``AddressRedaction``).
public struct MailPerformer: EffectPerformer {
    /// Where e-mails go.
    public let transport: any MailTransport
    /// `From` and the envelope sender of every e-mail.
    public let sender: MailAddress
    /// How many e-mails may be on their way at once (the SMTP client's sessions).
    public let concurrency: Int
    /// Whether the transport writes files (outcomes say so, not "sent").
    private let writesFiles: Bool

    /// Sends through `transport` from `sender`, `concurrency` at a time.
    public init(transport: any MailTransport, sender: MailAddress, concurrency: Int) {
        self.transport = transport
        self.sender = sender
        self.concurrency = max(1, concurrency)
        writesFiles = transport is MailFileOutbox
    }

    /// Sends one e-mail and says how it ended.
    public func perform(_ effect: OutputRecord) async -> DeliveryInput {
        let email: OutgoingEmail
        do {
            email = try OutgoingEmail(decoding: effect.value)
        } catch {
            return .outcome(Self.unreadable(effect, error))
        }
        let result: SendOutcome.Result
        do {
            result = outcomeResult(of: await transport.deliver(try email.message(from: sender)))
        } catch {
            result = .permanentFailure(code: nil, enhancedCode: nil, reason: AddressRedaction.redacted("\(error)"))
        }
        return .outcome(SendOutcome(recipientId: email.recipientId, messageId: email.messageId, attempt: email.attempt,
                                    result: result, at: email.date))
    }

    /// Finishes what is under way and closes the transport's connections.
    public func shutdown() async { await transport.shutdown() }

    private func outcomeResult(of outcome: SMTPDeliveryOutcome) -> SendOutcome.Result {
        switch outcome {
        case .sent where writesFiles:
            return .writtenToFile
        case .sent(let reply):
            return .sent(code: reply.code, enhancedCode: reply.enhancedCode?.description, reply: reply.text)
        case .inDoubt(let reason):
            return .inDoubt(reason: AddressRedaction.redacted(reason))
        case .failed(let error):
            var code: Int?, enhanced: String?
            if case .rejected(_, let reply) = error {
                code = reply.code
                enhanced = reply.enhancedCode?.description
            }
            // The server's text may echo the recipient's address: the reason goes to the state, the audit topic and logs.
            let reason = AddressRedaction.redacted(error.description)
            return error.isTransient ? .transientFailure(code: code, enhancedCode: enhanced, reason: reason)
                : .permanentFailure(code: code, enhancedCode: enhanced, reason: reason)
        }
    }

    /// An effect this build cannot read (written by another version): a
    /// permanent failure of the attempt its id names.
    private static func unreadable(_ effect: OutputRecord, _ error: any Error) -> SendOutcome {
        let parts = effect.id.split(separator: "#")
        return SendOutcome(recipientId: Identifier(trusted: effect.key), messageId: parts.first.map(String.init) ?? effect.id,
                           attempt: parts.count > 1 ? Int(parts[1]) ?? 1 : 1,
                           result: .permanentFailure(code: nil, enhancedCode: nil, reason: "the e-mail to send cannot be read: \(error)"),
                           at: effect.time)
    }
}
