/// One client session of RFC 5321 as a value: the IO shell feeds it what
/// happened (connected, bytes received, TLS up, a timer ran out, the
/// connection closed) and a message to send; it answers with what to do
/// (write these bytes and wait this long for the reply, start TLS, report
/// a message's outcome, close). It opens no socket, so every path is
/// tested without one.
///
/// The session: greeting → EHLO (HELO only after 500 or 502) → STARTTLS
/// and EHLO again when TLS is required and not implicit → AUTH PLAIN or
/// LOGIN when credentials are configured, only over TLS → ready. A message:
/// MAIL FROM → RCPT TO each → DATA → the dot-stuffed content → the final
/// reply → ready; a failed transaction is followed by RSET. Where the
/// server offers PIPELINING (RFC 2920), MAIL, RCPT and DATA of a message to
/// one recipient go in one write and their replies are read in order.
///
/// Whether a lost connection leaves a message in doubt depends on whether
/// the final dot left this machine: until the shell reports the content
/// written (``contentWritten()``), a loss means the server cannot have
/// accepted it (a transient failure, retried); after, the server may have
/// accepted it before the connection went (in doubt: retried with the same
/// Message-ID and recorded as such). Commands are
/// not pipelined: one reply is awaited at a time, and a reply that comes
/// unasked is a protocol violation.
public struct SMTPSessionStateMachine: Sendable {
    /// What the shell does next.
    public enum Action: Sendable, Hashable {
        /// Write `bytes`, then wait at most `timeout` for the reply.
        case write([UInt8], replyTimeout: Duration)
        /// Write a message's content and report ``contentWritten()`` once
        /// it is all written; writing may take at most `timeout`.
        case writeContent([UInt8], timeout: Duration)
        /// Wait at most `timeout` for the server's next reply (the greeting,
        /// or the reply to a message's content once it is written).
        case awaitReply(timeout: Duration)
        /// Start the TLS handshake on this connection (after `220` to STARTTLS).
        case startTLS(timeout: Duration)
        /// The session may take a message (``send(_:)``).
        case ready
        /// The message in hand is finished.
        case finished(SMTPDeliveryOutcome)
        /// Close the connection; the session is over (`nil`: after QUIT).
        case close(SMTPError?)
        /// The reply to `exchange` arrived: nothing to do on the connection;
        /// the shell times the exchange (from its latest write or wait).
        case replied(SMTPExchange)
    }

    /// The session's settings.
    public struct Configuration: Sendable, Hashable {
        /// The domain the client names in EHLO.
        public var clientDomain: String
        /// How the session is protected.
        public var security: SMTPSecurity
        /// Credentials for AUTH, if the server needs them.
        public var credentials: SMTPCredentials?
        /// The reply timers.
        public var timeouts: SMTPTimeouts

        /// Creates the settings.
        public init(clientDomain: String, security: SMTPSecurity = .startTLS, credentials: SMTPCredentials? = nil,
                    timeouts: SMTPTimeouts = SMTPTimeouts()) {
            self.clientDomain = clientDomain
            self.security = security
            self.credentials = credentials
            self.timeouts = timeouts
        }
    }

    private enum State: Sendable {
        case connecting
        case greeting
        case ehlo
        case helo
        case startTLS
        case tlsHandshake
        case authPlain
        case authLogin(sentUsername: Bool)
        case ready
        case mail(SMTPEnvelope)
        /// MAIL, RCPT and DATA sent at once: `received` replies read so far,
        /// and the first failure among them.
        case pipelined(SMTPEnvelope, received: Int, failure: SMTPError?)
        /// DATA was accepted after MAIL or RCPT failed: an empty content ends it.
        case abandoningContent(SMTPError)
        case recipient(SMTPEnvelope, index: Int)
        case data(SMTPEnvelope)
        /// The content is being written; the final dot may not have left yet.
        case content
        /// The content left; its reply is awaited.
        case finalReply
        case reset
        case quit
        case closed
    }

    private let configuration: Configuration
    private var state = State.connecting
    private var parser = SMTPReplyParser()
    private var encrypted: Bool
    /// What the server announced in its latest EHLO reply.
    public private(set) var capabilities = SMTPCapabilities()
    /// The command whose reply is awaited, for errors and timeouts.
    private var awaiting: SMTPCommand?

    /// A session about to connect.
    public init(configuration: Configuration) {
        self.configuration = configuration
        encrypted = configuration.security == .implicitTLS
    }

    /// Whether the session may take a message now.
    public var isReady: Bool { if case .ready = state { true } else { false } }

    /// Whether the session is over.
    public var isClosed: Bool { if case .closed = state { true } else { false } }

    // MARK: Events

    /// The connection is up (over TLS already for implicit TLS).
    public mutating func connected() -> Action {
        state = .greeting
        return .awaitReply(timeout: configuration.timeouts.greeting)
    }

    /// TLS is up after STARTTLS: the capabilities are read again.
    public mutating func tlsEstablished() -> [Action] {
        guard case .tlsHandshake = state else { return fail(.protocolViolation("TLS came up without STARTTLS")) }
        encrypted = true
        capabilities = SMTPCapabilities()
        return [send(.ehlo(configuration.clientDomain), next: .ehlo)]
    }

    /// Bytes from the server.
    public mutating func received<Bytes: Sequence>(_ bytes: Bytes) -> [Action] where Bytes.Element == UInt8 {
        parser.append(bytes)
        var actions: [Action] = []
        while !isClosed {
            let reply: SMTPReply
            do {
                guard let next = try parser.nextReply() else { break }
                reply = next
            } catch {
                return actions + fail(error)
            }
            if let exchange = answered { actions.append(.replied(exchange)) }
            actions += handle(reply)
        }
        return actions
    }

    /// Starts sending `message` to `envelope`'s recipients; only when ready.
    public mutating func send(_ envelope: SMTPEnvelope) -> [Action] {
        guard case .ready = state else {
            return [.finished(.failed(.protocolViolation("a message was handed to a session that is not ready")))]
        }
        if let limit = capabilities.maximumSize, envelope.content.count > limit {
            return [.finished(.failed(.messageTooLarge(size: envelope.content.count, limit: limit))), .ready]
        }
        if envelope.needsSMTPUTF8, !capabilities.smtpUTF8 {
            return [.finished(.failed(.invalidMessage("a non-ASCII address needs SMTPUTF8, which the server does not offer"))), .ready]
        }
        var parameters: [String] = []
        if capabilities.maximumSize != nil { parameters.append("SIZE=\(envelope.content.count)") }
        if envelope.isEightBit && capabilities.eightBitMIME { parameters.append("BODY=8BITMIME") }
        if envelope.needsSMTPUTF8 { parameters.append("SMTPUTF8") }
        let mail = SMTPCommand.mailFrom(envelope.sender, parameters: parameters)
        guard capabilities.pipelining, envelope.recipients.count == 1 else {
            return [send(mail, next: .mail(envelope), timeout: configuration.timeouts.mail)]
        }
        state = .pipelined(envelope, received: 0, failure: nil)
        awaiting = mail
        let commands = [mail, .recipient(envelope.recipients[0]), .data]
        return [.write(commands.flatMap(\.bytes), replyTimeout: configuration.timeouts.mail)]
    }

    /// Ends a ready session politely (idle, or enough messages on it).
    public mutating func quit() -> [Action] {
        switch state {
        case .ready: return [send(.quit, next: .quit)]
        case .closed, .quit: return []
        default: return fail(.connectionLost("the client ended the session"))
        }
    }

    /// The message's content, final dot included, was handed to the network.
    public mutating func contentWritten() -> [Action] {
        guard case .content = state else { return [] }
        state = .finalReply
        return [.awaitReply(timeout: configuration.timeouts.dataTermination)]
    }

    /// The reply timer of the awaited command ran out.
    public mutating func timedOut() -> [Action] {
        switch state {
        case .finalReply: return inDoubt("no reply to the final dot in time")
        case .content: return fail(.timedOut(command: "the message content"))
        default: return fail(.timedOut(command: awaiting?.description ?? "the greeting"))
        }
    }

    /// The connection closed or failed.
    public mutating func connectionClosed(_ reason: String = "the server closed the connection") -> [Action] {
        switch state {
        case .closed: return []
        case .quit:
            state = .closed
            return []
        case .finalReply: return inDoubt("connection lost after the final dot: \(reason)")
        default: return fail(.connectionLost(reason))
        }
    }

    // MARK: Replies

    /// What a reply arriving now answers (nil where no reply is awaited).
    private var answered: SMTPExchange? {
        switch state {
        case .greeting: .greeting
        case .content, .finalReply, .abandoningContent: .message
        case .connecting, .tlsHandshake, .ready, .closed: nil
        default: awaiting.map(SMTPExchange.init)
        }
    }

    private mutating func handle(_ reply: SMTPReply) -> [Action] {
        switch state {
        case .greeting:
            guard reply.code == 220 else { return fail(.rejected(command: "the connection", reply: reply)) }
            return [send(.ehlo(configuration.clientDomain), next: .ehlo)]
        case .ehlo:
            if reply.code == 250 {
                capabilities = SMTPCapabilities(ehlo: reply)
                return afterGreeting()
            }
            guard reply.code == 500 || reply.code == 502 else { return fail(.rejected(command: "EHLO", reply: reply)) }
            return [send(.helo(configuration.clientDomain), next: .helo)]
        case .helo:
            guard reply.code == 250 else { return fail(.rejected(command: "HELO", reply: reply)) }
            capabilities = SMTPCapabilities()
            return afterGreeting()
        case .startTLS:
            guard reply.code == 220 else { return fail(.tlsUnavailable("the server refused STARTTLS (\(reply))")) }
            guard parser.bufferedByteCount == 0 else { return fail(.plaintextAfterStartTLS(parser.bufferedByteCount)) }
            state = .tlsHandshake
            awaiting = .startTLS
            return [.startTLS(timeout: configuration.timeouts.connect)]
        case .authPlain:
            return authenticated(reply)
        case .authLogin(let sentUsername):
            guard reply.code == 334 else { return authenticated(reply) }
            guard let credentials = configuration.credentials else { return fail(.authenticationRequiresTLS) }
            let value = sentUsername ? credentials.password : credentials.username
            return [send(.authResponse(Base64.encode(Array(value.utf8))), next: .authLogin(sentUsername: true))]
        case .pipelined(let envelope, let received, let failure):
            return pipelinedReply(reply, envelope: envelope, received: received, failure: failure)
        case .abandoningContent(let failure):
            return [.finished(.failed(failure)), send(.reset, next: .reset)]
        case .mail(let envelope):
            guard reply.category == .positive else { return transactionFailed("MAIL FROM", reply) }
            return [send(.recipient(envelope.recipients[0]), next: .recipient(envelope, index: 0),
                         timeout: configuration.timeouts.recipient)]
        case .recipient(let envelope, let index):
            guard reply.category == .positive else { return transactionFailed("RCPT TO", reply) }
            guard index + 1 == envelope.recipients.count else {
                return [send(.recipient(envelope.recipients[index + 1]), next: .recipient(envelope, index: index + 1),
                             timeout: configuration.timeouts.recipient)]
            }
            return [send(.data, next: .data(envelope), timeout: configuration.timeouts.dataInitiation)]
        case .data(let envelope):
            guard reply.code == 354 else { return transactionFailed("DATA", reply) }
            state = .content
            return [.writeContent(SMTPDotStuffing.dataBlock(envelope.content), timeout: configuration.timeouts.dataBlock)]
        case .content, .finalReply:
            guard reply.category == .positive else { return transactionFailed("the message", reply) }
            state = .ready
            awaiting = nil
            return [.finished(.sent(reply)), .ready]
        case .reset:
            guard reply.category == .positive else { return fail(.rejected(command: "RSET", reply: reply)) }
            state = .ready
            awaiting = nil
            return [.ready]
        case .quit:
            state = .closed
            return [.close(nil)]
        case .connecting, .tlsHandshake, .ready, .closed:
            return fail(.protocolViolation("an unexpected reply: \(reply)"))
        }
    }

    /// One of the replies to a pipelined MAIL, RCPT and DATA, in that order.
    private mutating func pipelinedReply(_ reply: SMTPReply, envelope: SMTPEnvelope, received: Int,
                                         failure: SMTPError?) -> [Action] {
        let command = ["MAIL FROM", "RCPT TO", "DATA"][received]
        guard received == 2 else {
            let failed = failure ?? (reply.category == .positive ? nil : .rejected(command: command, reply: reply))
            state = .pipelined(envelope, received: received + 1, failure: failed)
            awaiting = received == 0 ? .recipient(envelope.recipients[0]) : .data
            return []
        }
        switch (failure, reply.code == 354) {
        case (nil, true):
            state = .content
            return [.writeContent(SMTPDotStuffing.dataBlock(envelope.content), timeout: configuration.timeouts.dataBlock)]
        case (let failure?, true):
            state = .abandoningContent(failure)
            return [.write(SMTPDotStuffing.dataBlock([]), replyTimeout: configuration.timeouts.dataTermination)]
        case (let failure?, false):
            return [.finished(.failed(failure)), send(.reset, next: .reset)]
        case (nil, false):
            return transactionFailed(command, reply)
        }
    }

    /// After EHLO or HELO: STARTTLS if required and not yet on, then AUTH if configured, else ready.
    private mutating func afterGreeting() -> [Action] {
        if configuration.security == .startTLS, !encrypted {
            guard capabilities.startTLS else { return fail(.tlsUnavailable("the server does not offer STARTTLS")) }
            return [send(.startTLS, next: .startTLS)]
        }
        guard let credentials = configuration.credentials else { return becomeReady() }
        guard encrypted else { return fail(.authenticationRequiresTLS) }
        if capabilities.authMechanisms.contains("PLAIN") {
            let response = Base64.encode([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))
            return [send(.authPlain(initialResponse: response), next: .authPlain)]
        }
        if capabilities.authMechanisms.contains("LOGIN") { return [send(.authLogin, next: .authLogin(sentUsername: false))] }
        return fail(.noSupportedAuthMechanism(offered: capabilities.authMechanisms))
    }

    private mutating func authenticated(_ reply: SMTPReply) -> [Action] {
        if reply.code == 235 { return becomeReady() }
        if reply.code == 535 || reply.code == 534 { return fail(.authenticationFailed(reply)) }
        return fail(.rejected(command: "AUTH", reply: reply))
    }

    private mutating func becomeReady() -> [Action] {
        state = .ready
        awaiting = nil
        return [.ready]
    }

    /// The message failed, the session goes on: report it and reset.
    private mutating func transactionFailed(_ command: String, _ reply: SMTPReply) -> [Action] {
        [.finished(.failed(.rejected(command: command, reply: reply))), send(.reset, next: .reset)]
    }

    private mutating func inDoubt(_ reason: String) -> [Action] {
        state = .closed
        return [.finished(.inDoubt(reason)), .close(.connectionLost(reason))]
    }

    /// The session cannot go on: a message in hand fails with `error`, and the connection closes.
    private mutating func fail(_ error: SMTPError) -> [Action] {
        let inTransaction: Bool = switch state {
        case .mail, .pipelined, .abandoningContent, .recipient, .data, .content, .finalReply: true
        default: false
        }
        state = .closed
        return (inTransaction ? [.finished(.failed(error))] : []) + [.close(error)]
    }

    private mutating func send(_ command: SMTPCommand, next: State, timeout: Duration? = nil) -> Action {
        state = next
        awaiting = command
        return .write(command.bytes, replyTimeout: timeout ?? configuration.timeouts.command)
    }
}
