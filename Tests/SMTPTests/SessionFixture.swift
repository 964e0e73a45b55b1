import SMTP

/// Drives a session state machine as a server script would: the tests read
/// like the conversation.
struct SessionDriver {
    var machine: SMTPSessionStateMachine
    /// Everything the client wrote, as text.
    var written: [String] = []
    var outcomes: [SMTPDeliveryOutcome] = []
    var closed: SMTPError?? = nil
    var readyCount = 0
    var tlsRequested = false
    /// What each reply answered, in order (``SMTPSessionStateMachine/Action/replied(_:)``).
    var replied: [SMTPExchange] = []
    /// Whether the content counts as written as soon as it is handed over.
    var contentWrittenAutomatically = true

    init(security: SMTPSecurity = .startTLS, credentials: SMTPCredentials? = nil) {
        machine = SMTPSessionStateMachine(configuration: .init(clientDomain: "worker.example.org", security: security,
                                                              credentials: credentials))
        apply([machine.connected()])
    }

    /// The server sends `text` (CRLF added to each line).
    mutating func server(_ lines: String...) {
        apply(machine.received(Array(lines.map { $0 + "\r\n" }.joined().utf8)))
    }

    mutating func serverRaw(_ text: String) { apply(machine.received(Array(text.utf8))) }

    mutating func tlsUp() { apply(machine.tlsEstablished()) }

    mutating func send(_ content: String = "Subject: hi\r\n\r\nbody\r\n", to: String = "cw-0001@example.org") throws {
        let envelope = try SMTPEnvelope(sender: "homeward@example.org", recipients: [to], content: Array(content.utf8))
        apply(machine.send(envelope))
    }

    /// Sends a message and has the server accept MAIL, RCPT and DATA.
    mutating func sendUpToContent() throws {
        try send()
        server("250 OK")
        server("250 OK")
        server("354 go")
    }

    mutating func lost() { apply(machine.connectionClosed()) }
    mutating func timeout() { apply(machine.timedOut()) }

    mutating func apply(_ actions: [SMTPSessionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .write(let bytes, _): written.append(String(decoding: bytes, as: UTF8.self))
            case .awaitReply: break
            case .writeContent(let bytes, _):
                written.append(String(decoding: bytes, as: UTF8.self))
                if contentWrittenAutomatically { apply(machine.contentWritten()) }
            case .startTLS: tlsRequested = true
            case .ready: readyCount += 1
            case .finished(let outcome): outcomes.append(outcome)
            case .close(let error): closed = .some(error)
            case .replied(let exchange): replied.append(exchange)
            }
        }
    }

    /// The commands written, by their first word.
    var verbs: [String] { written.map { String($0.unicodeScalars.prefix { $0 != " " && $0 != "\r" }) } }
}
