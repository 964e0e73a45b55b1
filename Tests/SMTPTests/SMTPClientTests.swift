import Foundation
import MetricsTestKit
import SMTP
import Testing

@Suite("SMTP client against real servers", .serialized)
struct SMTPClientTests {
    static func captured(_ directory: URL) throws -> [(eml: String, envelope: [String: Any])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let eml = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let json = try Data(contentsOf: directory.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json")))
            return (eml, try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:])
        }
    }

    static func outdir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-capture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("aiosmtpd over STARTTLS with AUTH PLAIN receives the message with its headers")
    func startTLSAndAuth() async throws {
        let certificates = try TestCertificates.make()
        let outdir = try Self.outdir()
        let server = try PythonSMTPServer.start("capture_server.py", arguments: [
            outdir.path, "--tls", certificates.serverCertificate, certificates.serverKey, "--auth", "homeward", "s3cret",
        ])
        let client = try SMTPClient(configuration: SMTPClientConfiguration(
            server: SMTPServerAddress(host: "localhost", port: server.port, security: .startTLS),
            credentials: SMTPCredentials(username: "homeward", password: "s3cret"),
            trustedCAFile: certificates.caCertificate, clientDomain: "worker.homeward.test"))
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .sent(let reply) = outcome else { Issue.record("not sent: \(outcome)"); return }
        #expect(reply.code == 250)
        let messages = try Self.captured(outdir)
        try #require(messages.count == 1)
        #expect(messages[0].envelope["tls"] as? Bool == true)
        #expect(messages[0].envelope["to"] as? [String] == ["cw-0001@example.org"])
        let eml = messages[0].eml
        #expect(eml.contains("Message-ID: <n-1.cw-0001@homeward.test>\r\n"))
        #expect(eml.contains("X-Homeward-Notification: n-1.cw-0001@homeward.test\r\n"))
        #expect(eml.contains("Subject: Bezoek HW-0042 is over tijd\r\n"))
        #expect(eml.contains("\r\n.Een regel met een punt.\r\n"), "dot-stuffing was undone by the server")
        #expect(eml.contains("Content-Type: multipart/alternative;"))
    }

    @Test("wrong credentials are a configuration error that is not retried")
    func wrongPassword() async throws {
        let certificates = try TestCertificates.make()
        let server = try PythonSMTPServer.start("capture_server.py", arguments: [
            try Self.outdir().path, "--tls", certificates.serverCertificate, certificates.serverKey, "--auth", "homeward", "s3cret",
        ])
        let client = try SMTPClient(configuration: SMTPClientConfiguration(
            server: SMTPServerAddress(host: "localhost", port: server.port, security: .startTLS),
            credentials: SMTPCredentials(username: "homeward", password: "wrong"), trustedCAFile: certificates.caCertificate))
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .failed(let error) = outcome, case .authenticationFailed = error else { Issue.record("\(outcome)"); return }
        #expect(!error.isTransient)
        #expect(!error.description.contains("wrong"))
    }

    @Test("a server certificate from an unknown CA is refused")
    func untrustedCertificate() async throws {
        let certificates = try TestCertificates.make()
        let outdir = try Self.outdir()
        let server = try PythonSMTPServer.start("capture_server.py", arguments: [
            outdir.path, "--tls", certificates.serverCertificate, certificates.serverKey,
        ])
        let client = try SMTPClient(configuration: SMTPClientConfiguration(
            server: SMTPServerAddress(host: "localhost", port: server.port, security: .startTLS)))
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .failed(let error) = outcome else { Issue.record("\(outcome)"); return }
        #expect(!error.isTransient, "\(error)")
        #expect(try Self.captured(outdir).isEmpty)
    }

    @Test("TLS required but not offered: refused, nothing sent in the clear")
    func tlsNotOffered() async throws {
        let server = try FaultServer("no-starttls")
        let client = try server.client { $0.server = SMTPServerAddress(host: "127.0.0.1", port: server.server.port, security: .startTLS) }
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .failed(.tlsUnavailable) = outcome else { Issue.record("\(outcome)"); return }
        #expect(server.verbs == ["EHLO"])
    }

    @Test("bytes injected after the 220 to STARTTLS: refused")
    func injection() async throws {
        let server = try FaultServer("starttls-inject")
        let client = try server.client { $0.server = SMTPServerAddress(host: "127.0.0.1", port: server.server.port, security: .startTLS) }
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .failed(.plaintextAfterStartTLS) = outcome else { Issue.record("\(outcome)"); return }
        #expect(server.verbs == ["EHLO", "STARTTLS"])
    }

    @Test("451 once, then accepted: the retry is delivered once")
    func transientOnce() async throws {
        let server = try FaultServer("transient-once")
        let client = try server.client()
        let first = await client.deliver(try testMessage())
        guard case .failed(let error) = first else { Issue.record("\(first)"); return }
        #expect(error.isTransient)
        let second = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .sent = second else { Issue.record("\(second)"); return }
        #expect(server.verbs.filter { $0 == "DATA" }.count == 1)
        #expect(server.verbs.contains("RSET"), "a failed transaction is followed by RSET")
    }

    @Test("each exchange's reply time is recorded under the configured label by its verb: a failed MAIL and its retry twice, RSET and QUIT once")
    func commandLatency() async throws {
        let server = try FaultServer("transient-once")
        let metrics = TestMetrics()
        let client = try server.client {
            $0.commandDurationLabel = "test_smtp_seconds"
            $0.metricsFactory = metrics
        }
        _ = await client.deliver(try testMessage())
        guard case .sent = await client.deliver(try testMessage()) else { Issue.record("the retry was not sent"); return }
        await client.shutdown()
        let counts: [SMTPExchange: Int] = [.greeting: 1, .ehlo: 1, .mail: 2, .recipient: 1, .data: 1, .message: 1, .reset: 1, .quit: 1]
        for exchange in SMTPExchange.allCases {
            let timer = try metrics.expectTimer("test_smtp_seconds", [("command", exchange.rawValue)])
            #expect(timer.values.count == counts[exchange] ?? 0, "\(exchange)")
            #expect(timer.values.allSatisfy { $0 >= 0 }, "\(exchange)")
        }
    }

    @Test("550: a permanent failure with its enhanced code")
    func permanent() async throws {
        let server = try FaultServer("reject")
        let client = try server.client()
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .failed(let error) = outcome, case .rejected(_, let reply) = error else { Issue.record("\(outcome)"); return }
        #expect(!error.isTransient)
        #expect(reply.enhancedCode?.description == "5.1.1")
        #expect(!server.verbs.contains("DATA"))
    }

    @Test("a drop mid-DATA is transient; the retry is delivered once")
    func dropMidData() async throws {
        let server = try FaultServer("drop-mid-data")
        let client = try server.client()
        // Larger than the sockets' buffers: the drop comes while the content is still being written.
        let first = await client.deliver(try testMessage(padding: 400_000))
        guard case .failed(let error) = first else { Issue.record("\(first)"); return }
        #expect(error.isTransient)
        let second = await client.deliver(try testMessage(padding: 400_000))
        await client.shutdown()
        guard case .sent = second else { Issue.record("\(second)"); return }
        #expect(server.lines.filter { $0 == "." }.count == 1)
        #expect(server.verbs.filter { $0 == "DATA" }.count == 2, "both tries reached DATA")
    }

    @Test("a drop after the final dot is in doubt; the retry carries the same Message-ID")
    func dropAfterDot() async throws {
        let server = try FaultServer("drop-after-dot")
        let client = try server.client()
        let first = await client.deliver(try testMessage())
        guard case .inDoubt = first else { Issue.record("\(first)"); return }
        let second = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .sent = second else { Issue.record("\(second)"); return }
        let ids = server.lines.filter { $0.hasPrefix("Message-ID:") }
        #expect(ids == ["Message-ID: <n-1.cw-0001@homeward.test>", "Message-ID: <n-1.cw-0001@homeward.test>"])
    }

    @Test("a stalled server: the command's timer fires")
    func stall() async throws {
        let server = try FaultServer("stall")
        let client = try server.client { $0.timeouts.mail = .milliseconds(300) }
        let outcome = await client.deliver(try testMessage())
        await client.shutdown()
        guard case .failed(.timedOut(let command)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(command == "MAIL FROM")
    }

    @Test("header injection is rejected before anything is sent")
    func headerInjection() async throws {
        let server = try FaultServer("ok")
        let client = try server.client()
        let outcome = await client.deliver(try testMessage(subject: "hello\r\nBcc: everyone@example.org"))
        await client.shutdown()
        guard case .failed(.invalidMessage) = outcome else { Issue.record("\(outcome)"); return }
        #expect(!server.lines.contains { $0.hasPrefix("Bcc:") })
    }

    @Test("sessions are bounded, reused, and replaced after their message limit")
    func pool() async throws {
        let server = try FaultServer("ok")
        let client = try server.client {
            $0.maxConnections = 2
            $0.maxMessagesPerConnection = 5
        }
        let outcomes = await withTaskGroup(of: SMTPDeliveryOutcome.self) { group in
            for index in 0..<20 { group.addTask { await client.deliver(try! testMessage(id: "n-\(index).cw@homeward.test")) } }
            var all: [SMTPDeliveryOutcome] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(await client.openConnections <= 2)
        await client.shutdown()
        #expect(outcomes.allSatisfy { if case .sent = $0 { true } else { false } })
        let entries = server.entries
        var messages: [Int: Int] = [:], first: [Int: Int] = [:], last: [Int: Int] = [:]
        // A session spans its first command to the end of its last message:
        // the QUIT that ends one may reach the server after the EHLO of the
        // session that replaces it, though it was sent before.
        for (index, entry) in entries.enumerated() {
            if first[entry.connection] == nil { first[entry.connection] = index }
            if entry.line == "." || last[entry.connection] == nil { last[entry.connection] = index }
            if entry.line == "DATA" { messages[entry.connection, default: 0] += 1 }
        }
        #expect(messages.values.reduce(0, +) == 20)
        #expect(messages.values.allSatisfy { $0 <= 5 }, "at most 5 messages a session: \(messages)")
        #expect(server.verbs.filter { $0 == "QUIT" }.count == first.count, "every session ends with QUIT")
        let mostAtOnce = entries.indices.map { index in first.keys.filter { first[$0]! <= index && index <= last[$0]! }.count }.max() ?? 0
        #expect(mostAtOnce <= 2, "never more than 2 sessions at work at once")
    }

    @Test("the file outbox writes one .eml per Message-ID")
    func fileOutbox() async throws {
        let outbox = try MailFileOutbox(directory: try Self.outdir())
        _ = await outbox.deliver(try testMessage())
        _ = await outbox.deliver(try testMessage())
        let outcome = await outbox.deliver(try testMessage(id: "n-2.cw-0001@homeward.test"))
        guard case .sent = outcome else { Issue.record("\(outcome)"); return }
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.directory.path).sorted()
        #expect(files == ["n-1.cw-0001@homeward.test.eml", "n-2.cw-0001@homeward.test.eml"])
        let text = try String(contentsOf: outbox.fileURL(messageID: "n-1.cw-0001@homeward.test"), encoding: .utf8)
        #expect(text.contains("Message-ID: <n-1.cw-0001@homeward.test>"))
    }

    @Test("server URLs", arguments: [
        ("smtp://mail.example.org", "smtp://mail.example.org:587"),
        ("smtps://mail.example.org", "smtps://mail.example.org:465"),
        ("smtp+plaintext://127.0.0.1:2525", "smtp+plaintext://127.0.0.1:2525"),
        ("smtp://[::1]:2525", "smtp://[::1]:2525"),
    ])
    func urls(_ url: String, _ expected: String) throws {
        #expect(try SMTPServerAddress(url: url).description == expected)
    }

    @Test("bad server URLs say what is expected", arguments: ["mail.example.org", "http://x", "smtp://user:pw@host", "smtp://h:99999"])
    func badURLs(_ url: String) {
        #expect(throws: SMTPError.self) { try SMTPServerAddress(url: url) }
    }
}
