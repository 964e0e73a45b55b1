/// Where an SMTP server listens and how to reach it, from a URL:
/// `smtp://host[:587]` (STARTTLS required), `smtps://host[:465]` (implicit
/// TLS), or `smtp+plaintext://host:port`, which names plaintext explicitly
/// (only for a local capture server; never with credentials).
public struct SMTPServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address.
    public let host: String
    /// The port.
    public let port: Int
    /// How the connection is protected.
    public let security: SMTPSecurity

    /// Creates an address.
    public init(host: String, port: Int, security: SMTPSecurity) {
        self.host = host
        self.port = port
        self.security = security
    }

    /// Parses a URL.
    ///
    /// - Throws: ``SMTPError/invalidConfiguration(_:)`` naming what is wrong and the accepted forms.
    public init(url: String) throws(SMTPError) {
        let forms = "expected smtp://HOST[:PORT] (STARTTLS), smtps://HOST[:PORT] (TLS) or smtp+plaintext://HOST:PORT"
        guard let separator = url.range(of: "://") else { throw .invalidConfiguration("'\(url)': \(forms)") }
        let scheme = url[..<separator.lowerBound].lowercased()
        var rest = url[separator.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let security: SMTPSecurity
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        case "smtp+plaintext": (security, defaultPort) = (.plaintext, 25)
        default: throw .invalidConfiguration("'\(url)': unknown scheme '\(scheme)'; \(forms)")
        }
        guard !rest.contains("@"), !rest.contains("/"), !rest.contains("?") else {
            throw .invalidConfiguration("'\(url)': put credentials in the environment or a file, not in the URL; \(forms)")
        }
        var host = String(rest)
        var port = defaultPort
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(parsed) else {
                throw .invalidConfiguration("'\(url)': the port is not 1–65535")
            }
            host = String(rest[..<colon])
            port = parsed
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .invalidConfiguration("'\(url)': no host; \(forms)") }
        self.init(host: host, port: port, security: security)
    }

    /// The URL form.
    public var description: String {
        let scheme = switch security {
        case .startTLS: "smtp"
        case .implicitTLS: "smtps"
        case .plaintext: "smtp+plaintext"
        }
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}
