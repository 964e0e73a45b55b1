import NIOCore
import NIOPosix

/// A sink SMTP server on a free port of 127.0.0.1, written for `bench
/// alert`: it accepts every message at once (no TLS, no AUTH; see
/// ``SMTPSinkSession``) and writes to its ``SMTPSinkLog`` when it sent the
/// reply to each final dot and which notifications the message carries.
final class SMTPSinkServer: Sendable {
    /// The port it listens on.
    let port: Int
    /// What it accepted.
    let log: SMTPSinkLog
    private let channel: any Channel

    private init(channel: any Channel, port: Int, log: SMTPSinkLog) {
        self.channel = channel
        self.port = port
        self.log = log
    }

    /// Starts listening on 127.0.0.1, on a port the system picks.
    static func start(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SMTPSinkServer {
        let log = SMTPSinkLog()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SMTPSinkHandler(log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw CommandFailure("the sink SMTP server has no port on 127.0.0.1")
        }
        return SMTPSinkServer(channel: channel, port: port, log: log)
    }

    /// Stops listening. Sessions still open end when their client quits.
    func stop() async {
        try? await channel.close()
    }
}

/// One connection: splits what arrives into lines, hands them to its
/// session and sends the replies, those to one read in one write (a
/// pipelining client sends MAIL, RCPT and DATA at once).
private final class SMTPSinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let log: SMTPSinkLog
    private var session = SMTPSinkSession()
    private var received = ByteBuffer()

    init(log: SMTPSinkLog) {
        self.log = log
    }

    func channelActive(context: ChannelHandlerContext) {
        send(SMTPSinkSession.greeting + "\r\n", context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        var replies = ""
        var closing = false
        while !closing, let newline = received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var line = received.readBytes(length: newline - received.readerIndex + 1) ?? []
            line.removeLast()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            switch session.receive(line) {
            case .none:
                break
            case .reply(let text):
                replies += text + "\r\n"
            case .accept(let text, let headers):
                log.record(headers, at: .now)
                replies += text + "\r\n"
            case .close(let text):
                replies += text + "\r\n"
                closing = true
            }
        }
        received.discardReadBytes()
        if !replies.isEmpty { send(replies, context: context) }
        if closing { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func send(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
    }
}
