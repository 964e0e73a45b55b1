import ArgumentParser
import Foundation
import SMTP

/// `homeward bench smtp`: Homeward's SMTP client against Postfix's
/// `smtp-sink`, with Postfix's own `smtp-source` against the same sink,
/// same message size and concurrency, as the baseline in the same run.
struct SMTPBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp",
        abstract: "Send messages through Homeward's SMTP client and through Postfix's smtp-source to the same smtp-sink; print both rates and the ratio.",
        discussion: """
        Needs Postfix's smtp-sink and smtp-source (Debian package postfix; scripts/install-deps --test \
        installs it). Both sides reuse their sessions: smtp-source keeps each session open (-d), \
        Homeward's client sends up to 100 messages a session, as in production. Target: 0.8 of smtp-source.
        """
    )

    @Option(help: "Messages per side and round.") var messages: Int = 20_000
    @Option(help: "Sessions at once, on both sides.") var concurrency: Int = 8
    @Option(help: "Rounds, alternating the sides; the median rate counts.") var rounds: Int = 3
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    static let target = 0.8

    struct Report: Codable {
        var benchmark = "smtp"
        var messages: Int
        var concurrency: Int
        var messageBytes: Int
        var homeward: Double
        var smtpSource: Double
        var ratio: Double
        var target: Double
        var unit = "messages/s"
    }

    func validate() throws {
        guard messages > 0, concurrency > 0, rounds > 0 else {
            throw ValidationError("--messages, --concurrency and --rounds must be positive")
        }
    }

    func run() async throws {
        for tool in ["/usr/sbin/smtp-sink", "/usr/sbin/smtp-source"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw CommandFailure("\(tool) is missing: install Postfix's tools (apt-get install postfix, or scripts/install-deps --test)")
        }
        let sink = try SinkProcess()
        defer { sink.stop() }
        let message = Self.sampleMessage()
        let size = try message.rendered().count
        var homewardRates: [Double] = [], sourceRates: [Double] = []
        for round in 0..<rounds {
            for homewardSide in round % 2 == 0 ? [true, false] : [false, true] {
                if homewardSide {
                    homewardRates.append(try await homewardRate(port: sink.port, message: message))
                } else {
                    sourceRates.append(try smtpSourceRate(port: sink.port, size: size))
                }
            }
        }
        let homeward = homewardRates.median, source = sourceRates.median
        let report = Report(messages: messages, concurrency: concurrency, messageBytes: size, homeward: homeward,
                            smtpSource: source, ratio: homeward / source, target: Self.target)
        if json {
            try BenchOutput.printJSON(report)
            return
        }
        print("homeward bench smtp: \(messages) messages of \(size) B, \(concurrency) sessions, to Postfix's smtp-sink on 127.0.0.1")
        print(BenchOutput.pad("sender", 34) + "messages/s")
        print(BenchOutput.pad("Homeward SMTPClient", 34) + BenchOutput.format(homeward))
        print(BenchOutput.pad("Postfix smtp-source -d", 34) + BenchOutput.format(source))
        print(BenchOutput.pad("ratio", 34) + String(format: "%.2f (target ≥ %.2f: %@)", report.ratio, Self.target,
                                                         report.ratio >= Self.target ? "met" : "NOT met"))
    }

    /// A reminder-sized e-mail with Dutch text, as the notifier sends.
    static func sampleMessage() -> MailMessage {
        MailMessage(from: try! MailAddress("homeward@example.org", displayName: "Homeward"),
                    to: [try! MailAddress("cw-0001@example.org", displayName: "A. de Vries")],
                    subject: "Herinnering: bezoek voor zaak HW-0042 binnenkort", date: 1_767_596_400,
                    messageID: "bench@homeward.example.org",
                    text: String(repeating: "Het bezoek voor zaak HW-0042 is binnenkort; plan het in.\n", count: 12),
                    html: "<p>" + String(repeating: "Het bezoek voor zaak HW-0042 is binnenkort; plan het in. ", count: 12) + "</p>")
    }

    private func homewardRate(port: Int, message: MailMessage) async throws -> Double {
        let client = try SMTPClient(configuration: SMTPClientConfiguration(
            server: SMTPServerAddress(host: "127.0.0.1", port: port, security: .plaintext), maxConnections: concurrency))
        let total = messages
        let senders = concurrency
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: Int.self) { group in
            for sender in 0..<senders {
                group.addTask {
                    var failed = 0
                    for _ in stride(from: sender, to: total, by: senders) {
                        if case .sent = await client.deliver(message) {} else { failed += 1 }
                    }
                    return failed
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        await client.shutdown()
        guard failures == 0 else { throw CommandFailure("\(failures) of \(total) messages were not accepted by smtp-sink") }
        return Double(total) / elapsed.seconds
    }

    private func smtpSourceRate(port: Int, size: Int) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/smtp-source")
        process.arguments = ["-d", "-l", "\(size)", "-m", "\(messages)", "-s", "\(concurrency)",
                             "-f", "homeward@example.org", "-t", "cw-0001@example.org", "127.0.0.1:\(port)"]
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else { throw CommandFailure("smtp-source exited with status \(process.terminationStatus)") }
        return Double(messages) / elapsed.seconds
    }
}

/// Postfix's `smtp-sink` on a free port of 127.0.0.1, for the run.
private final class SinkProcess {
    private let process = Process()
    let port: Int

    init() throws {
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/smtp-sink")
        // As root it must drop privileges; -u names whom to.
        process.arguments = (getuid() == 0 ? ["-u", "nobody"] : []) + ["127.0.0.1:\(port)", "1024"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(5)
        while !Self.accepts(port) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                process.terminate()
                throw CommandFailure("smtp-sink did not start listening on 127.0.0.1:\(port)")
            }
            usleep(20_000)
        }
    }

    /// Stops the sink. SIGKILL: a child of this process starts with the
    /// signals Dispatch blocks, SIGTERM among them.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CommandFailure("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
