/// Why an SMTP session or a message failed, and whether trying again can help.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server broke the protocol (a malformed or unexpected reply).
    case protocolViolation(String)
    /// TLS is required but the server does not offer STARTTLS, or refused it
    /// (`454`): nothing was sent in the clear. Fix the server or name a
    /// plaintext mode explicitly in the configuration.
    case tlsUnavailable(String)
    /// Bytes arrived in the clear after the reply to STARTTLS: someone may
    /// be injecting commands (the STARTTLS injection class of bug).
    case plaintextAfterStartTLS(Int)
    /// Credentials are configured but the session is not encrypted: AUTH is
    /// never sent over plaintext.
    case authenticationRequiresTLS
    /// The server offers none of the AUTH mechanisms this client speaks (PLAIN, LOGIN).
    case noSupportedAuthMechanism(offered: [String])
    /// The server rejected the credentials (535, 534): a configuration
    /// error, not retried.
    case authenticationFailed(SMTPReply)
    /// The server answered a command with a failure.
    case rejected(command: String, reply: SMTPReply)
    /// A command's timer ran out before its reply came.
    case timedOut(command: String)
    /// The connection closed or failed.
    case connectionLost(String)
    /// The message is larger than the server's SIZE limit.
    case messageTooLarge(size: Int, limit: Int)
    /// A setting is wrong (a server URL, a CA file); the text says which and how to fix it.
    case invalidConfiguration(String)
    /// A header, an address or the message is unsafe or malformed (a CR or
    /// LF in a header value, a non-ASCII address without SMTPUTF8).
    case invalidMessage(String)

    /// Whether a later try of the same message may succeed.
    public var isTransient: Bool {
        switch self {
        case .rejected(_, let reply): reply.category == .transient
        case .timedOut, .connectionLost: true
        case .protocolViolation, .tlsUnavailable, .plaintextAfterStartTLS, .authenticationRequiresTLS,
             .noSupportedAuthMechanism, .authenticationFailed, .messageTooLarge, .invalidMessage, .invalidConfiguration: false
        }
    }

    /// What happened and what to do about it.
    public var description: String {
        switch self {
        case .protocolViolation(let detail): "SMTP protocol violation: \(detail)"
        case .tlsUnavailable(let detail):
            "TLS is required and \(detail); nothing was sent in the clear (configure the server for STARTTLS, use implicit TLS on port 465, or name plaintext explicitly for a local capture server)"
        case .plaintextAfterStartTLS(let count):
            "\(count) bytes arrived in the clear after the reply to STARTTLS; the connection was dropped (possible command injection)"
        case .authenticationRequiresTLS: "SMTP credentials are configured but the connection is not encrypted; AUTH is only sent over TLS"
        case .noSupportedAuthMechanism(let offered):
            "the server offers AUTH \(offered.joined(separator: " ")), none of PLAIN and LOGIN"
        case .authenticationFailed(let reply): "the SMTP server rejected the credentials (\(reply)); check the user name and password"
        case .rejected(let command, let reply): "\(command) rejected: \(reply)"
        case .timedOut(let command): "no reply to \(command) in time"
        case .connectionLost(let detail): "connection lost: \(detail)"
        case .messageTooLarge(let size, let limit): "the message has \(size) bytes; the server accepts at most \(limit)"
        case .invalidMessage(let detail): "invalid message: \(detail)"
        case .invalidConfiguration(let detail): "invalid SMTP configuration: \(detail)"
        }
    }
}
