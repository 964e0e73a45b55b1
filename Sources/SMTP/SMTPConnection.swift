import NIOCore
import NIOPosix
import NIOSSL

/// One open session to the server: a channel with its ``SMTPClientHandler``.
final class SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPClientHandler>
    /// What the server announced once the session was ready.
    let capabilities: SMTPCapabilities

    private init(channel: any Channel, handler: NIOLoopBound<SMTPClientHandler>, capabilities: SMTPCapabilities) {
        self.channel = channel
        self.handler = handler
        self.capabilities = capabilities
    }

    /// Connects and runs the session up to ready (greeting, EHLO, TLS, AUTH).
    static func open(_ configuration: SMTPClientConfiguration, tls: NIOSSLContext?, timers: SMTPExchangeTimers,
                     group: any EventLoopGroup) async throws(SMTPError) -> SMTPConnection {
        let server = configuration.server
        let session = SMTPSessionStateMachine.Configuration(
            clientDomain: configuration.clientDomain, security: server.security,
            credentials: configuration.credentials, timeouts: configuration.timeouts)
        let eventLoop = group.next()
        let ready = eventLoop.makePromise(of: SMTPCapabilities.self)
        let hostname = server.host.first?.isNumber == true || server.host.contains(":") ? nil : server.host
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if server.security == .implicitTLS, let tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        SMTPClientHandler(configuration: session, tls: tls, serverHostname: hostname, timers: timers, ready: ready))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: server.host, port: server.port).get()
        } catch {
            ready.fail(SMTPError.connectionLost("cannot connect to \(server): \(error)"))
            throw .connectionLost("cannot connect to \(server): \(error)")
        }
        do {
            let capabilities = try await ready.futureResult.get()
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return SMTPConnection(channel: channel, handler: handler, capabilities: capabilities)
        } catch {
            channel.close(promise: nil)
            throw error as? SMTPError ?? .connectionLost("\(error)")
        }
    }

    /// Sends one message; a transaction that failed leaves the session usable after RSET.
    func send(_ envelope: SMTPEnvelope) async -> SMTPDeliveryOutcome {
        let promise = channel.eventLoop.makePromise(of: SMTPDeliveryOutcome.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.send(envelope, promise: promise) }
        do {
            return try await promise.futureResult.get()
        } catch {
            return .failed(.connectionLost("\(error)"))
        }
    }

    /// Whether the session can take another message.
    var isUsable: Bool {
        get async {
            guard channel.isActive else { return false }
            let handler = self.handler
            return (try? await channel.eventLoop.submit { !handler.value.isClosed }.get()) ?? false
        }
    }

    /// Ends the session with QUIT and waits for the connection to close;
    /// a server that does not answer within `grace` is cut off.
    func close(grace: Duration = .seconds(5)) async {
        let handler = self.handler
        let channel = self.channel
        channel.eventLoop.execute {
            handler.value.quit()
            channel.eventLoop.scheduleTask(in: TimeAmount(grace)) { channel.close(promise: nil) }
        }
        try? await channel.closeFuture.get()
    }
}
