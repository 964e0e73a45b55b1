/// An e-mail with a plain-text and an HTML body, rendered as RFC 5322
/// `multipart/alternative` (the plain part first, as RFC 2046 asks).
///
/// Every header input is checked: a CR or LF anywhere is refused, so no
/// input can add a header. Non-ASCII header text goes as RFC 2047 encoded
/// words; bodies go as 8-bit where the server offers 8BITMIME and every
/// line fits, else as quoted-printable. Lines end in CRLF and hold at most
/// 998 octets. The rendering is deterministic: the same message gives the
/// same bytes (the MIME boundary derives from the Message-ID).
public struct MailMessage: Sendable, Hashable {
    /// `From`.
    public var from: MailAddress
    /// `To`.
    public var to: [MailAddress]
    /// `Subject`.
    public var subject: String
    /// `Date`, as seconds since 1970 (written in UTC).
    public var date: Int64
    /// `Message-ID`, without the angle brackets: `local@domain`.
    public var messageID: String
    /// More header fields, in order (e.g. `X-Homeward-Notification`).
    public var extraHeaders: [(name: String, value: String)]
    /// The plain-text body.
    public var text: String
    /// The HTML body.
    public var html: String

    /// Creates a message.
    public init(from: MailAddress, to: [MailAddress], subject: String, date: Int64, messageID: String,
                extraHeaders: [(name: String, value: String)] = [], text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
    }

    /// Compares every field.
    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.date == rhs.date
            && lhs.messageID == rhs.messageID && lhs.text == rhs.text && lhs.html == rhs.html
            && lhs.extraHeaders.map(\.name) == rhs.extraHeaders.map(\.name) && lhs.extraHeaders.map(\.value) == rhs.extraHeaders.map(\.value)
    }

    /// Hashes the identifying fields.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(messageID)
        hasher.combine(date)
    }

    /// The message's bytes, ready for ``SMTPEnvelope``.
    ///
    /// - Parameter eightBit: the server offers 8BITMIME, so bodies whose
    ///   lines fit may go unencoded.
    /// - Throws: ``SMTPError/invalidMessage(_:)`` when a header input holds a
    ///   line break or control character, or the Message-ID is not `local@domain`.
    public func rendered(eightBit: Bool = false) throws(SMTPError) -> [UInt8] {
        guard !to.isEmpty else { throw .invalidMessage("a message needs a To address") }
        try MailHeaderValue.check(subject, field: "subject")
        try Self.checkMessageID(messageID)
        for header in extraHeaders {
            try MailHeaderValue.checkName(header.name)
            try MailHeaderValue.check(header.value, field: header.name)
        }
        let boundary = "=_part_" + Self.hexDigest(messageID)
        var lines: [String] = []
        lines.append("Date: \(RFC5322Date.format(secondsSinceEpoch: date))")
        lines.append("From: \(from.headerText)")
        lines.append("To: \(to.map(\.headerText).joined(separator: ", "))")
        lines += Self.folded("Subject", subject)
        lines.append("Message-ID: <\(messageID)>")
        for header in extraHeaders { lines += Self.folded(header.name, header.value) }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var out = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        for (subtype, body) in [("plain", text), ("html", html)] {
            let sendEightBit = eightBit && Self.fitsLines(body)
            out += Array("--\(boundary)\r\nContent-Type: text/\(subtype); charset=utf-8\r\n".utf8)
            out += Array("Content-Transfer-Encoding: \(sendEightBit ? "8bit" : "quoted-printable")\r\n\r\n".utf8)
            out += sendEightBit ? Self.normalizedLines(body) : QuotedPrintable.encode(body)
            out += [0x0D, 0x0A]
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    /// A header as one or more lines: ASCII text as it is, folded at spaces
    /// to stay under 78 characters where it can; other text as encoded words.
    static func folded(_ name: String, _ value: String) -> [String] {
        let plain = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // Non-ASCII text goes as encoded words (75 characters each at most); so
        // does a word too long for a line of 998 octets. A long ASCII word (an
        // id) stands on a line of its own, as it is.
        let words = value.utf8.allSatisfy({ $0 < 0x80 }) && plain.allSatisfy({ $0.utf8.count <= 900 })
            ? plain : EncodedWord.encode(value)
        var lines: [String] = []
        var current = "\(name):"
        for word in words {
            if current.utf8.count + 1 + word.utf8.count > 78, current != "\(name):" {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines
    }

    private static func checkMessageID(_ id: String) throws(SMTPError) {
        let valid = id.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x3C && $0 != 0x3E }
        guard valid, id.split(separator: "@").count == 2, !id.hasPrefix("@"), !id.hasSuffix("@") else {
            throw .invalidMessage("the Message-ID '\(id)' is not local@domain in printable ASCII")
        }
    }

    /// Whether every line of `body` is at most 998 octets.
    private static func fitsLines(_ body: String) -> Bool {
        var length = 0
        for byte in body.utf8 {
            if byte == 0x0A || byte == 0x0D {
                length = 0
            } else {
                length += 1
                if length > 998 { return false }
            }
        }
        return true
    }

    /// `body` with every line break made CRLF.
    private static func normalizedLines(_ body: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + body.utf8.count / 32)
        var previous: UInt8 = 0
        for byte in body.utf8 {
            if byte == 0x0A, previous == 0x0D { previous = byte; continue }
            if byte == 0x0D || byte == 0x0A {
                out.append(0x0D)
                out.append(0x0A)
            } else {
                out.append(byte)
            }
            previous = byte
        }
        return out
    }

    /// A stable 64-bit FNV-1a digest in hex (boundaries, not security).
    private static func hexDigest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
