/// How a session is protected.
public enum SMTPSecurity: String, Sendable, Hashable, CaseIterable {
    /// TLS from the first byte (`smtps://`, port 465).
    case implicitTLS = "tls"
    /// Plaintext, then STARTTLS before anything else (port 587). TLS is
    /// required: a server that does not offer it, or refuses it, fails the
    /// session; nothing is sent in the clear.
    case startTLS = "starttls"
    /// No TLS at all, and no AUTH: only for a capture server on this machine,
    /// and only when the configuration names it.
    case plaintext = "plaintext"
}

/// The user name and password for AUTH; sent only over TLS.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public let username: String
    /// The password.
    public let password: String

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The user name only: the password never reaches a log.
    public var description: String { "\(username):***" }
}
