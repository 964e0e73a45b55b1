public import HomewardContract

/// How one attempt to send an e-mail ended, as the runtime reports it back
/// to the rules (an input, like a notification) once the mail client is done.
public struct SendOutcome: Sendable, Hashable {
    /// What the mail server (or the connection) said.
    public enum Result: Sendable, Hashable {
        /// Accepted: the reply to the final dot (`250`), its enhanced code (`2.0.0`) and text.
        case sent(code: Int, enhancedCode: String?, reply: String)
        /// The file transport wrote an `.eml` file (local use).
        case writtenToFile
        /// A temporary failure (4xx, a connection refused or lost before the
        /// final dot, a timeout): retried with backoff.
        case transientFailure(code: Int?, enhancedCode: String?, reason: String)
        /// A permanent failure (5xx): not retried; dead-letter.
        case permanentFailure(code: Int?, enhancedCode: String?, reason: String)
        /// The connection was lost after the final dot: the server may have
        /// accepted it. Retried with the same Message-ID, recorded in doubt.
        case inDoubt(reason: String)
    }

    /// The recipient (the state's key).
    public var recipientId: Identifier
    /// The e-mail's Message-ID (``OutgoingEmail/messageId``).
    public var messageId: String
    /// The attempt that ended (``OutgoingEmail/attempt``).
    public var attempt: Int
    /// How it ended.
    public var result: Result
    /// When it ended.
    public var at: Timestamp

    /// Creates an outcome.
    public init(recipientId: Identifier, messageId: String, attempt: Int, result: Result, at: Timestamp) {
        self.recipientId = recipientId
        self.messageId = messageId
        self.attempt = attempt
        self.result = result
        self.at = at
    }
}
