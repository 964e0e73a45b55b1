import SMTP
import Testing

@Suite("SMTP session: a state machine tested without sockets")
struct SessionStateMachineTests {
    static let credentials = SMTPCredentials(username: "homeward", password: "s3cret")

    /// A session up to ready over STARTTLS.
    static func readySession(credentials: SMTPCredentials? = nil, extensions: [String] = []) -> SessionDriver {
        var session = SessionDriver(credentials: credentials)
        session.server("220 mail.example.org ESMTP")
        session.server("250-mail.example.org", "250 STARTTLS")
        session.server("220 2.0.0 Ready to start TLS")
        session.tlsUp()
        let lines = ["250-mail.example.org"] + extensions.map { "250-\($0)" } + ["250 ENHANCEDSTATUSCODES"]
        session.apply(session.machine.received(Array(lines.map { $0 + "\r\n" }.joined().utf8)))
        if credentials != nil { session.server("235 2.7.0 Authentication successful") }
        return session
    }

    @Test("STARTTLS, EHLO again over TLS, AUTH PLAIN, then one message")
    func happyPath() throws {
        var session = Self.readySession(credentials: Self.credentials, extensions: ["AUTH PLAIN LOGIN", "SIZE 10000"])
        #expect(session.tlsRequested)
        #expect(session.verbs == ["EHLO", "STARTTLS", "EHLO", "AUTH"])
        #expect(session.written[3] == "AUTH PLAIN AGhvbWV3YXJkAHMzY3JldA==\r\n")
        #expect(session.readyCount == 1)
        try session.send()
        #expect(session.written.last?.hasPrefix("MAIL FROM:<homeward@example.org> SIZE=") == true)
        session.server("250 2.1.0 OK")
        #expect(session.written.last == "RCPT TO:<cw-0001@example.org>\r\n")
        session.server("250 2.1.5 OK")
        #expect(session.written.last == "DATA\r\n")
        session.server("354 End data with <CR><LF>.<CR><LF>")
        #expect(session.written.last == "Subject: hi\r\n\r\nbody\r\n.\r\n")
        session.server("250 2.0.0 Ok: queued as 12345")
        guard case .sent(let reply) = session.outcomes.last else { Issue.record("not sent: \(session.outcomes)"); return }
        #expect(reply.enhancedCode?.description == "2.0.0")
        #expect(session.machine.isReady)
    }

    @Test("the capabilities after STARTTLS replace those read before it")
    func capabilitiesReadAgain() {
        var session = SessionDriver()
        session.server("220 mail.example.org ESMTP")
        session.server("250-mail.example.org", "250-AUTH PLAIN", "250 STARTTLS")
        #expect(session.machine.capabilities.authMechanisms == ["PLAIN"])
        session.server("220 go ahead")
        session.tlsUp()
        session.server("250-mail.example.org", "250 8BITMIME")
        #expect(session.machine.capabilities.authMechanisms.isEmpty)
        #expect(session.machine.capabilities.eightBitMIME)
        #expect(!session.machine.capabilities.startTLS)
    }

    @Test("TLS required but STARTTLS not offered: the session fails and nothing more is written")
    func startTLSNotOffered() {
        var session = SessionDriver(credentials: Self.credentials)
        session.server("220 mail.example.org ESMTP")
        session.server("250-mail.example.org", "250 AUTH PLAIN")
        #expect(session.verbs == ["EHLO"])
        guard case .some(.some(.tlsUnavailable)) = session.closed else { Issue.record("\(String(describing: session.closed))"); return }
    }

    @Test("a 454 to STARTTLS fails the session: no plaintext fallback")
    func startTLSRefused() {
        var session = SessionDriver()
        session.server("220 mail.example.org ESMTP")
        session.server("250-mail.example.org", "250 STARTTLS")
        session.server("454 4.7.0 TLS not available due to local problem")
        #expect(!session.tlsRequested)
        #expect(session.verbs == ["EHLO", "STARTTLS"])
        guard case .some(.some(.tlsUnavailable)) = session.closed else { Issue.record("\(String(describing: session.closed))"); return }
    }

    @Test("bytes buffered after the 220 to STARTTLS are refused (command injection)")
    func injectionAfterStartTLS() {
        var session = SessionDriver()
        session.server("220 mail.example.org ESMTP")
        session.server("250-mail.example.org", "250 STARTTLS")
        session.serverRaw("220 Ready\r\n250-injected\r\n")
        #expect(!session.tlsRequested)
        guard case .some(.some(.plaintextAfterStartTLS)) = session.closed else { Issue.record("\(String(describing: session.closed))"); return }
    }

    @Test("a complete injected reply after the 220 to STARTTLS is refused too")
    func injectedCompleteReply() {
        var session = SessionDriver()
        session.server("220 mail.example.org ESMTP")
        session.server("250-mail.example.org", "250 STARTTLS")
        session.serverRaw("220 Ready\r\n250 OK\r\n")
        #expect(!session.tlsRequested)
        #expect(session.closed != nil)
    }

    @Test("plaintext mode never sends AUTH")
    func noAuthWithoutTLS() {
        var session = SessionDriver(security: .plaintext, credentials: Self.credentials)
        session.server("220 localhost ESMTP")
        session.server("250-localhost", "250 AUTH PLAIN LOGIN")
        #expect(session.verbs == ["EHLO"])
        #expect(session.closed == .some(.authenticationRequiresTLS))
    }

    @Test("plaintext mode without credentials is ready after EHLO")
    func plaintextReady() {
        var session = SessionDriver(security: .plaintext)
        session.server("220 localhost ESMTP")
        session.server("250 localhost")
        #expect(session.readyCount == 1)
    }

    @Test("EHLO falls back to HELO only after 500 or 502", arguments: [500, 502])
    func heloFallback(code: Int) {
        var session = SessionDriver(security: .plaintext)
        session.server("220 old.example.org SMTP")
        session.server("\(code) command not recognised")
        #expect(session.verbs == ["EHLO", "HELO"])
        session.server("250 old.example.org")
        #expect(session.readyCount == 1)
    }

    @Test("other EHLO failures do not fall back to HELO")
    func noFallbackOn421() {
        var session = SessionDriver(security: .plaintext)
        session.server("220 x ESMTP")
        session.server("421 4.3.2 shutting down")
        #expect(session.verbs == ["EHLO"])
        #expect(session.closed != nil)
    }

    @Test("AUTH LOGIN answers the two challenges")
    func authLogin() {
        var session = SessionDriver(credentials: Self.credentials)
        session.server("220 x ESMTP")
        session.server("250-x", "250 STARTTLS")
        session.server("220 go")
        session.tlsUp()
        session.server("250-x", "250 AUTH LOGIN")
        session.server("334 VXNlcm5hbWU6")
        session.server("334 UGFzc3dvcmQ6")
        session.server("235 2.7.0 OK")
        #expect(Array(session.written.suffix(3)) == ["AUTH LOGIN\r\n", "aG9tZXdhcmQ=\r\n", "czNjcmV0\r\n"])
        #expect(session.readyCount == 1)
    }

    @Test("rejected credentials are a configuration error, not retried", arguments: [535, 534])
    func authFailed(code: Int) {
        var session = SessionDriver(credentials: Self.credentials)
        session.server("220 x ESMTP")
        session.server("250-x", "250 STARTTLS")
        session.server("220 go")
        session.tlsUp()
        session.server("250-x", "250 AUTH PLAIN")
        session.server("\(code) 5.7.8 Authentication credentials invalid")
        guard case .some(.some(let error)) = session.closed, case .authenticationFailed = error else {
            Issue.record("\(String(describing: session.closed))"); return
        }
        #expect(!error.isTransient)
        #expect(!error.description.contains("s3cret"))
    }

    @Test("a transient RCPT failure finishes the message as transient and resets the session")
    func transientRecipient() throws {
        var session = Self.readySession()
        try session.send()
        session.server("250 OK")
        session.server("451 4.3.0 try again later")
        guard case .failed(let error) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(error.isTransient)
        #expect(session.written.last == "RSET\r\n")
        session.server("250 2.0.0 OK")
        #expect(session.machine.isReady)
    }

    @Test("a permanent rejection is not transient and keeps its enhanced code")
    func permanentRejection() throws {
        var session = Self.readySession()
        try session.send()
        session.server("250 OK")
        session.server("550 5.1.1 user unknown")
        guard case .failed(.rejected(_, let reply)) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(reply.category == .permanent)
        #expect(reply.enhancedCode?.description == "5.1.1")
        #expect(session.written.last == "RSET\r\n")
    }

    @Test("a 421 to the final dot is transient")
    func shutdownAtFinalDot() throws {
        var session = Self.readySession()
        try session.sendUpToContent()
        session.server("421 4.3.2 service shutting down")
        guard case .failed(let error) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(error.isTransient)
    }

    @Test("a connection lost after the final dot leaves the message in doubt")
    func lostAfterDot() throws {
        var session = Self.readySession()
        try session.sendUpToContent()
        session.lost()
        guard case .inDoubt = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
    }

    @Test("no reply to the final dot in time leaves the message in doubt")
    func timeoutAfterDot() throws {
        var session = Self.readySession()
        try session.sendUpToContent()
        session.timeout()
        guard case .inDoubt = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
    }

    @Test("a connection lost while the content is still being written is a transient failure, not in doubt")
    func lostWhileWriting() throws {
        var session = Self.readySession()
        session.contentWrittenAutomatically = false
        try session.sendUpToContent()
        session.lost()
        guard case .failed(let error) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(error.isTransient)
    }

    @Test("a connection lost before the final dot is a transient failure, not in doubt")
    func lostBeforeDot() throws {
        var session = Self.readySession()
        try session.send()
        session.server("250 OK")
        session.lost()
        guard case .failed(let error) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(error.isTransient)
    }

    @Test("a command's timer running out fails the session and names the command")
    func commandTimeout() throws {
        var session = Self.readySession()
        try session.send()
        session.timeout()
        guard case .failed(.timedOut(let command)) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(command == "MAIL FROM")
        #expect(session.closed != nil)
    }

    @Test("every reply is reported with what it answered: the greeting, each verb, the content; AUTH by its verb only")
    func repliesNameTheirExchange() throws {
        var session = Self.readySession(credentials: Self.credentials, extensions: ["AUTH PLAIN"])
        try session.send()
        session.server("250 OK")
        session.server("250 OK")
        session.server("354 go")
        session.server("250 queued")
        #expect(session.replied == [.greeting, .ehlo, .startTLS, .ehlo, .auth, .mail, .recipient, .data, .message])
        #expect(session.replied.allSatisfy { !$0.rawValue.contains("s3cret") && !$0.rawValue.contains("@") })
    }

    @Test("pipelined MAIL, RCPT and DATA are each reported as their reply comes, then a failed transaction's RSET")
    func pipelinedReplies() throws {
        var session = Self.readySession(extensions: ["PIPELINING"])
        session.replied = []
        try session.send()
        session.server("250 OK", "550 no such user", "554 no valid recipients")
        session.server("250 reset")
        #expect(session.replied == [.mail, .recipient, .data, .reset])
    }

    @Test("each command waits for its own timer")
    func timers() throws {
        var machine = SMTPSessionStateMachine(configuration: .init(clientDomain: "w", security: .plaintext))
        var timeouts = SMTPTimeouts()
        #expect(timeouts.greeting == .seconds(300) && timeouts.dataInitiation == .seconds(120))
        #expect(timeouts.dataBlock == .seconds(180) && timeouts.dataTermination == .seconds(600))
        timeouts.mail = .seconds(1)
        _ = machine.connected()
        _ = machine.received(Array("220 x\r\n".utf8))
        _ = machine.received(Array("250 x\r\n".utf8))
        let actions = machine.send(try SMTPEnvelope(sender: "a@b.c", recipients: ["d@e.f"], content: []))
        #expect(actions == [.write(Array("MAIL FROM:<a@b.c>\r\n".utf8), replyTimeout: .seconds(300))])
        _ = machine.received(Array("250 ok\r\n".utf8))
        let data = machine.received(Array("250 ok\r\n".utf8))
        #expect(data == [.replied(.recipient), .write(Array("DATA\r\n".utf8), replyTimeout: .seconds(120))])
        let body = machine.received(Array("354 go\r\n".utf8))
        #expect(body == [.replied(.data), .writeContent(Array(".\r\n".utf8), timeout: .seconds(180))])
        #expect(machine.contentWritten() == [.awaitReply(timeout: .seconds(600))])
    }

    @Test("a message over the server's SIZE is refused before MAIL")
    func tooLarge() throws {
        var session = Self.readySession(extensions: ["SIZE 10"])
        try session.send(String(repeating: "x", count: 11))
        guard case .failed(.messageTooLarge(11, 10)) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(session.machine.isReady)
        #expect(session.verbs.last == "EHLO")
    }

    @Test("8-bit content asks for BODY=8BITMIME where offered")
    func eightBit() throws {
        var session = Self.readySession(extensions: ["8BITMIME"])
        try session.send("Subject: x\r\n\r\nGroeten uit Zoë's team\r\n")
        #expect(session.written.last == "MAIL FROM:<homeward@example.org> BODY=8BITMIME\r\n")
    }

    @Test("with PIPELINING, MAIL, RCPT and DATA go in one write and their replies are read in order")
    func pipelining() throws {
        var session = Self.readySession(extensions: ["PIPELINING"])
        try session.send()
        #expect(session.written.last == "MAIL FROM:<homeward@example.org>\r\nRCPT TO:<cw-0001@example.org>\r\nDATA\r\n")
        session.server("250 2.1.0 OK", "250 2.1.5 OK")
        #expect(session.written.count == 4, "nothing is written before DATA's reply")
        session.server("354 go ahead")
        #expect(session.written.last == "Subject: hi\r\n\r\nbody\r\n.\r\n")
        session.server("250 2.0.0 queued")
        guard case .sent = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
    }

    @Test("with PIPELINING, a rejected recipient fails the message with RCPT's reply, then RSET")
    func pipelinedRejection() throws {
        var session = Self.readySession(extensions: ["PIPELINING"])
        try session.send()
        session.server("250 2.1.0 OK", "550 5.1.1 user unknown", "554 5.5.1 no valid recipients")
        guard case .failed(.rejected(let command, let reply)) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(command == "RCPT TO" && reply.code == 550)
        #expect(session.written.last == "RSET\r\n")
    }

    @Test("with PIPELINING, DATA accepted after a failed RCPT is ended with an empty content, never the message")
    func pipelinedDataAfterFailure() throws {
        var session = Self.readySession(extensions: ["PIPELINING"])
        try session.send()
        session.server("250 OK", "451 4.3.0 later", "354 go ahead")
        #expect(session.written.last == ".\r\n")
        session.server("554 5.5.1 no valid recipients")
        guard case .failed(let error) = session.outcomes.last else { Issue.record("\(session.outcomes)"); return }
        #expect(error.isTransient)
        #expect(session.written.last == "RSET\r\n")
    }

    @Test("QUIT ends a ready session cleanly")
    func quit() {
        var session = Self.readySession()
        session.apply(session.machine.quit())
        #expect(session.written.last == "QUIT\r\n")
        session.server("221 2.0.0 Bye")
        #expect(session.closed == .some(nil))
        #expect(session.machine.isClosed)
    }

    @Test("a reply nobody asked for is a protocol violation")
    func unaskedReply() {
        var session = Self.readySession()
        session.server("250 surprise")
        guard case .some(.some(.protocolViolation)) = session.closed else { Issue.record("\(String(describing: session.closed))"); return }
    }

    @Test("a greeting other than 220 fails the session", arguments: ["554 5.3.2 no service", "421 busy"])
    func badGreeting(_ line: String) {
        var session = SessionDriver()
        session.server(line)
        #expect(session.written.isEmpty)
        #expect(session.closed != nil)
    }
}
