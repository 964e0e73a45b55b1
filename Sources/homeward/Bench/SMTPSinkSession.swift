/// One session of the bench's sink SMTP server (``SMTPSinkServer``), as a
/// value: fed the client's lines, it answers with what to send. It accepts
/// every well-formed transaction (EHLO or HELO, MAIL, RCPT, DATA, the
/// content up to the final dot, RSET, NOOP, QUIT; PIPELINING and 8BITMIME
/// offered, no TLS), keeps nothing of the content but the header values
/// the bench matches messages by, and opens no socket.
struct SMTPSinkSession {
    /// What the server does with a line.
    enum Action: Equatable {
        /// Send this reply line.
        case reply(String)
        /// The final dot: send this reply and record the message with these header values.
        case accept(String, AcceptedHeaders)
        /// Send this reply, then close the connection (QUIT).
        case close(String)
        /// Nothing to send: a line of content.
        case none
    }

    /// The header fields of an accepted message that name it.
    struct AcceptedHeaders: Equatable {
        /// Every `X-Homeward-Notification` value, in order.
        var notificationIds: [String] = []
    }

    private enum State {
        /// Commands; `recipients` counts RCPT of the transaction MAIL opened (nil: none open).
        case commands(recipients: Int?)
        /// The content after DATA, up to the final dot.
        case content(ContentReader)
    }

    private var state = State.commands(recipients: nil)

    /// The greeting, sent when a client connects.
    static let greeting = "220 homeward-bench ESMTP sink"

    /// The reply to one line the client sent, without its CRLF.
    mutating func receive(_ line: [UInt8]) -> Action {
        switch state {
        case .content(var reader):
            guard line.count != 1 || line[0] != UInt8(ascii: ".") else {
                state = .commands(recipients: nil)
                return .accept("250 2.0.0 Ok: queued", reader.finish())
            }
            reader.read(line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line)
            state = .content(reader)
            return .none
        case .commands(let recipients):
            return command(line, recipients: recipients)
        }
    }

    private mutating func command(_ line: [UInt8], recipients: Int?) -> Action {
        let verb = String(decoding: line.prefix(while: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ":") }), as: UTF8.self).uppercased()
        switch verb {
        case "EHLO":
            state = .commands(recipients: nil)
            return .reply("250-homeward-bench\r\n250-PIPELINING\r\n250 8BITMIME")
        case "HELO":
            state = .commands(recipients: nil)
            return .reply("250 homeward-bench")
        case "MAIL":
            guard recipients == nil else { return .reply("503 5.5.1 MAIL already given; send RSET first") }
            state = .commands(recipients: 0)
            return .reply("250 2.1.0 Ok")
        case "RCPT":
            guard let recipients else { return .reply("503 5.5.1 RCPT before MAIL") }
            state = .commands(recipients: recipients + 1)
            return .reply("250 2.1.5 Ok")
        case "DATA":
            guard let recipients, recipients > 0 else { return .reply("503 5.5.1 DATA before MAIL and RCPT") }
            state = .content(ContentReader())
            return .reply("354 End data with <CR><LF>.<CR><LF>")
        case "RSET":
            state = .commands(recipients: nil)
            return .reply("250 2.0.0 Ok")
        case "NOOP":
            return .reply("250 2.0.0 Ok")
        case "QUIT":
            return .close("221 2.0.0 Bye")
        default:
            return .reply("500 5.5.2 Command not recognised")
        }
    }
}

/// Reads a message's header section (folded lines joined) for the values
/// ``SMTPSinkSession`` records; the body is passed over.
private struct ContentReader {
    private var headers = SMTPSinkSession.AcceptedHeaders()
    private var field: (name: String, value: String)?
    private var inHeaders = true

    /// Takes one line of content, dot-unstuffed.
    mutating func read(_ line: [UInt8]) {
        guard inHeaders else { return }
        if line.isEmpty {
            inHeaders = false
            endField()
        } else if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            field?.value += String(decoding: line, as: UTF8.self)
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            endField()
            field = (String(decoding: line[..<colon], as: UTF8.self), String(decoding: line[(colon + 1)...], as: UTF8.self))
        }
    }

    /// The values read, once the final dot has come.
    mutating func finish() -> SMTPSinkSession.AcceptedHeaders {
        endField()
        return headers
    }

    private mutating func endField() {
        guard let (name, raw) = field else { return }
        field = nil
        if name.lowercased() == "x-homeward-notification" { headers.notificationIds.append(raw.trimmingSpaces) }
    }
}

extension String {
    /// Without the spaces and tabs it starts and ends with.
    fileprivate var trimmingSpaces: String {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
