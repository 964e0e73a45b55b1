public import NIOCore
public import NIOPosix
import NIOSSL

/// Homeward's SMTP client: pooled sessions to one server, bounded in
/// number, each reused for up to ``SMTPClientConfiguration/maxMessagesPerConnection``
/// messages and closed with QUIT after ``SMTPClientConfiguration/idleTimeout``
/// unused. A message waits for a free session rather than opening more, so
/// a slow server never makes connections pile up. TLS is required unless
/// the server address names plaintext; certificates are verified against
/// the system's roots or the configured CA file. How long each command
/// waited for its reply is recorded per verb
/// (``SMTPClientConfiguration/commandDurationLabel``).
public actor SMTPClient: MailTransport {
    private let configuration: SMTPClientConfiguration
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup
    private let timers: SMTPExchangeTimers
    private var idle: [(connection: SMTPConnection, sent: Int, since: ContinuousClock.Instant)] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var janitor: Task<Void, Never>?
    /// Sessions being closed with QUIT, and who waits for none to be left (shutdown).
    private var closing = 0
    private var closingDone: [CheckedContinuation<Void, Never>] = []
    private var isShutDown = false

    /// A client for `configuration.server`.
    ///
    /// - Throws: ``SMTPError/invalidConfiguration(_:)`` when the CA file cannot be read.
    public init(configuration: SMTPClientConfiguration,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws(SMTPError) {
        self.configuration = configuration
        self.group = group
        timers = SMTPExchangeTimers(configuration)
        if configuration.server.security == .plaintext {
            tls = nil
        } else {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = .fullVerification
            if let file = configuration.trustedCAFile { tlsConfiguration.trustRoots = .file(file) }
            do {
                tls = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw .invalidConfiguration("cannot set up TLS with CA file \(configuration.trustedCAFile ?? "(system)"): \(error)")
            }
        }
    }

    /// Sends `message` on a pooled session; the envelope sender is its `From` address.
    public func deliver(_ message: MailMessage) async -> SMTPDeliveryOutcome {
        guard !isShutDown else { return .failed(.connectionLost("the SMTP client is shut down")) }
        let lease: (connection: SMTPConnection, sent: Int)
        do {
            lease = try await acquire()
        } catch {
            return .failed(error)
        }
        let envelope: SMTPEnvelope
        do {
            let content = try message.rendered(eightBit: lease.connection.capabilities.eightBitMIME)
            envelope = try SMTPEnvelope(sender: message.from.address, recipients: message.to.map(\.address), content: content)
        } catch {
            await release(lease.connection, sent: lease.sent)
            return .failed(error)
        }
        let outcome = await lease.connection.send(envelope)
        await release(lease.connection, sent: lease.sent + 1)
        return outcome
    }

    /// Closes every idle session with QUIT; later messages fail.
    public func shutdown() async {
        isShutDown = true
        janitor?.cancel()
        for entry in idle { retire(entry.connection) }
        idle = []
        for waiter in waiters { waiter.resume() }
        waiters = []
        if closing > 0 { await withCheckedContinuation { closingDone.append($0) } }
    }

    /// Sessions open now (idle or in use), for metrics and tests.
    public var openConnections: Int { open }

    // MARK: The pool

    private func acquire() async throws(SMTPError) -> (connection: SMTPConnection, sent: Int) {
        while true {
            if let entry = idle.popLast() {
                if await entry.connection.isUsable { return (entry.connection, entry.sent) }
                open -= 1
                continue
            }
            if open < configuration.maxConnections {
                open += 1
                do {
                    return (try await SMTPConnection.open(configuration, tls: tls, timers: timers, group: group), 0)
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
            if isShutDown { throw .connectionLost("the SMTP client is shut down") }
        }
    }

    private func release(_ connection: SMTPConnection, sent: Int) async {
        if !isShutDown, sent < configuration.maxMessagesPerConnection, await connection.isUsable {
            idle.append((connection, sent, ContinuousClock.now))
            startJanitor()
        } else {
            open -= 1
            retire(connection)
        }
        wakeOne()
    }

    /// Closes `connection` with QUIT in the background.
    private func retire(_ connection: SMTPConnection) {
        closing += 1
        Task {
            await connection.close()
            self.retired()
        }
    }

    private func retired() {
        closing -= 1
        guard closing == 0 else { return }
        for waiter in closingDone { waiter.resume() }
        closingDone = []
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// Closes sessions idle for longer than the timeout, while any are idle.
    private func startJanitor() {
        guard janitor == nil else { return }
        let interval = min(configuration.idleTimeout, .seconds(5))
        janitor = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, await self.closeExpired() else { return }
            }
        }
    }

    /// Closes expired idle sessions; returns whether the janitor should go on.
    private func closeExpired() async -> Bool {
        let now = ContinuousClock.now
        let expired = idle.filter { now - $0.since >= configuration.idleTimeout }.map(\.connection)
        idle.removeAll { now - $0.since >= configuration.idleTimeout }
        open -= expired.count
        for connection in expired { retire(connection) }
        if !expired.isEmpty { wakeOne() }
        if idle.isEmpty {
            janitor = nil
            return false
        }
        return true
    }
}
