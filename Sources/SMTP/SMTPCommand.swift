/// A command the client sends, as it goes on the wire.
public enum SMTPCommand: Sendable, Hashable, CustomStringConvertible {
    /// `EHLO domain`.
    case ehlo(String)
    /// `HELO domain`, only after a server answered EHLO with 500 or 502.
    case helo(String)
    /// `STARTTLS`.
    case startTLS
    /// `AUTH PLAIN <initial response>`: the response holds the password.
    case authPlain(initialResponse: String)
    /// `AUTH LOGIN`.
    case authLogin
    /// A base64 line answering an AUTH challenge: it holds a user name or a password.
    case authResponse(String)
    /// `MAIL FROM:<address>` with its parameters (`SIZE=`, `BODY=8BITMIME`, `SMTPUTF8`).
    case mailFrom(String, parameters: [String])
    /// `RCPT TO:<address>`.
    case recipient(String)
    /// `DATA`.
    case data
    /// `RSET`.
    case reset
    /// `QUIT`.
    case quit

    /// The command line with its CRLF.
    public var bytes: [UInt8] {
        let line: String = switch self {
        case .ehlo(let domain): "EHLO \(domain)"
        case .helo(let domain): "HELO \(domain)"
        case .startTLS: "STARTTLS"
        case .authPlain(let response): "AUTH PLAIN \(response)"
        case .authLogin: "AUTH LOGIN"
        case .authResponse(let response): response
        case .mailFrom(let address, let parameters): (["MAIL FROM:<\(address)>"] + parameters).joined(separator: " ")
        case .recipient(let address): "RCPT TO:<\(address)>"
        case .data: "DATA"
        case .reset: "RSET"
        case .quit: "QUIT"
        }
        return Array(line.utf8) + [0x0D, 0x0A]
    }

    /// The command's name for logs and errors; never a credential.
    public var description: String {
        switch self {
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS: "STARTTLS"
        case .authPlain: "AUTH PLAIN"
        case .authLogin: "AUTH LOGIN"
        case .authResponse: "AUTH response"
        case .mailFrom: "MAIL FROM"
        case .recipient: "RCPT TO"
        case .data: "DATA"
        case .reset: "RSET"
        case .quit: "QUIT"
        }
    }
}
