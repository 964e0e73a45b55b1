/// One request of a session and the reply it waits for: the greeting, a
/// command by its verb, or a message's content (its reply follows the
/// final dot). Names the `command` dimension of the client's latency
/// metric; never holds an argument, so never an address or a credential.
public enum SMTPExchange: String, Sendable, Hashable, CaseIterable {
    /// The server's greeting, awaited from the moment the connection is up.
    case greeting
    /// `EHLO`.
    case ehlo
    /// `HELO`.
    case helo
    /// `STARTTLS`.
    case startTLS = "starttls"
    /// `AUTH` and each of its responses.
    case auth
    /// `MAIL FROM`.
    case mail
    /// `RCPT TO`.
    case recipient = "rcpt"
    /// `DATA`.
    case data
    /// The message content, from its final dot leaving to the server's reply.
    case message
    /// `RSET`.
    case reset = "rset"
    /// `QUIT`.
    case quit

    /// The exchange `command` opens.
    init(_ command: SMTPCommand) {
        switch command {
        case .ehlo: self = .ehlo
        case .helo: self = .helo
        case .startTLS: self = .startTLS
        case .authPlain, .authLogin, .authResponse: self = .auth
        case .mailFrom: self = .mail
        case .recipient: self = .recipient
        case .data: self = .data
        case .reset: self = .reset
        case .quit: self = .quit
        }
    }
}
