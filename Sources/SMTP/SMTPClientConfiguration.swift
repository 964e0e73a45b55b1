public import Metrics

/// How ``SMTPClient`` reaches its server and how many sessions it keeps.
public struct SMTPClientConfiguration: Sendable {
    /// The server.
    public var server: SMTPServerAddress
    /// Credentials for AUTH (sent only over TLS).
    public var credentials: SMTPCredentials?
    /// A PEM file of CA certificates to trust instead of the system's.
    public var trustedCAFile: String?
    /// The domain named in EHLO.
    public var clientDomain: String
    /// The reply timers and the connect timeout.
    public var timeouts: SMTPTimeouts
    /// The most sessions open at once: a slow server makes messages wait
    /// for a session, never opens more.
    public var maxConnections: Int
    /// Messages sent on one session before it is closed with QUIT.
    public var maxMessagesPerConnection: Int
    /// How long an unused session stays open.
    public var idleTimeout: Duration
    /// The timer recording how long each request waited for its reply,
    /// with the dimension `command` (an ``SMTPExchange``: a verb, never an
    /// argument), in seconds.
    public var commandDurationLabel: String
    /// Where the timers go; the global metrics system's factory, as
    /// bootstrapped when the client is made, when nil.
    public var metricsFactory: (any MetricsFactory)?

    /// Creates a configuration with RFC 5321's timers, 8 sessions, 100
    /// messages a session and 60 s idle; latencies go to
    /// `smtp_command_duration_seconds`.
    public init(server: SMTPServerAddress, credentials: SMTPCredentials? = nil, trustedCAFile: String? = nil,
                clientDomain: String = "localhost", timeouts: SMTPTimeouts = SMTPTimeouts(), maxConnections: Int = 8,
                maxMessagesPerConnection: Int = 100, idleTimeout: Duration = .seconds(60),
                commandDurationLabel: String = "smtp_command_duration_seconds", metricsFactory: (any MetricsFactory)? = nil) {
        self.server = server
        self.credentials = credentials
        self.trustedCAFile = trustedCAFile
        self.clientDomain = clientDomain
        self.timeouts = timeouts
        self.maxConnections = max(1, maxConnections)
        self.maxMessagesPerConnection = max(1, maxMessagesPerConnection)
        self.idleTimeout = idleTimeout
        self.commandDurationLabel = commandDurationLabel
        self.metricsFactory = metricsFactory
    }
}
