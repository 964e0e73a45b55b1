/// How long the client waits for each reply. The defaults are RFC 5321
/// §4.5.3.2's minimums: a server may take that long, and a client that
/// gives up sooner can send a message twice.
public struct SMTPTimeouts: Sendable, Hashable {
    /// Establishing the TCP connection (and the TLS handshake).
    public var connect: Duration = .seconds(30)
    /// The `220` greeting.
    public var greeting: Duration = .seconds(5 * 60)
    /// EHLO, HELO, STARTTLS, AUTH, RSET and QUIT.
    public var command: Duration = .seconds(5 * 60)
    /// MAIL FROM.
    public var mail: Duration = .seconds(5 * 60)
    /// Each RCPT TO.
    public var recipient: Duration = .seconds(5 * 60)
    /// The `354` reply to DATA.
    public var dataInitiation: Duration = .seconds(2 * 60)
    /// Writing each block of the message.
    public var dataBlock: Duration = .seconds(3 * 60)
    /// The reply to the final dot.
    public var dataTermination: Duration = .seconds(10 * 60)

    /// The RFC 5321 defaults.
    public init() {}
}
