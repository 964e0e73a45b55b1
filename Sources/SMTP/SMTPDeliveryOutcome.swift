/// What became of one message handed to a session.
public enum SMTPDeliveryOutcome: Sendable, Hashable {
    /// The server accepted it: its reply to the final dot.
    case sent(SMTPReply)
    /// It was not accepted; ``SMTPError/isTransient`` says whether to retry.
    case failed(SMTPError)
    /// The connection was lost, or the reply timed out, after the final dot:
    /// the server may have accepted it. Retry with the same Message-ID and
    /// record the delivery as in doubt.
    case inDoubt(String)
}
