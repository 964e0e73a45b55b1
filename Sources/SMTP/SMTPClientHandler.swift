import NIOCore
import NIOSSL
import NIOTLS

/// The IO shell of one session: feeds the state machine what the channel
/// sees and performs its actions on the channel's event loop. STARTTLS
/// inserts the TLS handler in the same event-loop turn as the `220` is
/// read, so any later byte goes through TLS (bytes of the same read are
/// refused by the state machine).
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPSessionStateMachine
    private let tls: NIOSSLContext?
    private let serverHostname: String?
    private let timers: SMTPExchangeTimers
    /// When the latest request was written (or a reply began to be awaited): what a reply's latency counts from.
    private var requestSent = ContinuousClock.now
    private let ready: EventLoopPromise<SMTPCapabilities>
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var startTLSRequested = false
    private var readyReported = false
    /// The message waiting for the session to be ready, and the promise of its outcome.
    private var queued: (SMTPEnvelope, EventLoopPromise<SMTPDeliveryOutcome>)?
    /// The message in the session now.
    private var current: EventLoopPromise<SMTPDeliveryOutcome>?

    /// A handler; `ready` is completed once the session may take a message
    /// (with the server's capabilities), or failed with why it cannot.
    init(configuration: SMTPSessionStateMachine.Configuration, tls: NIOSSLContext?, serverHostname: String?,
         timers: SMTPExchangeTimers, ready: EventLoopPromise<SMTPCapabilities>) {
        machine = SMTPSessionStateMachine(configuration: configuration)
        self.tls = tls
        self.serverHostname = serverHostname
        self.timers = timers
        self.ready = ready
    }

    /// The server's capabilities as last read.
    var capabilities: SMTPCapabilities { machine.capabilities }

    /// Whether the session is over.
    var isClosed: Bool { machine.isClosed }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        perform([machine.connected()])
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        perform(machine.received(buffer.readableBytesView))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if startTLSRequested, let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            startTLSRequested = false
            perform(machine.tlsEstablished())
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.connectionClosed())
        finishAll(.connectionLost("the connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reason: SMTPError = error is NIOSSLError || error is BoringSSLError
            ? .tlsUnavailable("the TLS handshake failed (\(error)); check the server's certificate and the CA file")
            : .connectionLost("\(error)")
        if case .tlsUnavailable = reason, !readyReported {
            readyReported = true
            ready.fail(reason)
        }
        perform(machine.connectionClosed("\(error)"))
        context.close(promise: nil)
    }

    /// Sends a message once the session is ready; `promise` gets its outcome.
    func send(_ envelope: SMTPEnvelope, promise: EventLoopPromise<SMTPDeliveryOutcome>) {
        guard !machine.isClosed else {
            promise.succeed(.failed(.connectionLost("the session had closed")))
            return
        }
        guard machine.isReady, current == nil else {
            queued = (envelope, promise)
            return
        }
        current = promise
        perform(machine.send(envelope))
    }

    /// Ends the session with QUIT (or closes it, if it is not ready).
    func quit() {
        let actions = machine.quit()
        if actions.isEmpty { context?.close(promise: nil) } else { perform(actions) }
    }

    private func perform(_ actions: [SMTPSessionStateMachine.Action]) {
        guard let context else { return }
        for action in actions {
            switch action {
            case .write(let bytes, let timeout):
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
                requestSent = .now
                arm(timeout, context: context)
            case .writeContent(let bytes, let timeout):
                let written = context.eventLoop.makePromise(of: Void.self)
                let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                written.futureResult.whenSuccess { handler.value.perform(handler.value.machine.contentWritten()) }
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: written)
                arm(timeout, context: context)
            case .awaitReply(let timeout):
                requestSent = .now
                arm(timeout, context: context)
            case .replied(let exchange):
                timers.record(exchange, .now - requestSent)
            case .startTLS(let timeout):
                startTLS(context: context)
                arm(timeout, context: context)
            case .ready:
                timer?.cancel()
                becameReady()
            case .finished(let outcome):
                current?.succeed(outcome)
                current = nil
            case .close(let error):
                timer?.cancel()
                if !readyReported {
                    readyReported = true
                    ready.fail(error ?? .connectionLost("the session closed before it was ready"))
                }
                finishAll(error ?? .connectionLost("the session closed"))
                context.close(promise: nil)
            }
        }
    }

    private func becameReady() {
        if !readyReported {
            readyReported = true
            ready.succeed(machine.capabilities)
        }
        if let (envelope, promise) = queued {
            queued = nil
            current = promise
            perform(machine.send(envelope))
        }
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tls else {
            perform([.close(.tlsUnavailable("no TLS context is configured"))])
            return
        }
        do {
            let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
            startTLSRequested = true
        } catch {
            perform([.close(.tlsUnavailable("cannot start TLS: \(error)"))])
        }
    }

    private func arm(_ timeout: Duration, context: ChannelHandlerContext) {
        timer?.cancel()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            handler.value.perform(handler.value.machine.timedOut())
        }
    }

    private func finishAll(_ error: SMTPError) {
        current?.succeed(.failed(error))
        current = nil
        queued?.1.succeed(.failed(error))
        queued = nil
    }
}
