/// Reassembles replies from the bytes a server sends, however TCP cuts
/// them: a reply may arrive a byte at a time, and one segment may carry
/// several replies (PIPELINING) or part of the next.
///
/// Lines end in CRLF; a line `250-…` continues the reply, `250 …` (or a
/// bare `250`) ends it (RFC 5321 §4.2.1). Every line of a reply must carry
/// the same code. Anything else is a protocol error: the connection cannot
/// be trusted after it.
public struct SMTPReplyParser: Sendable {
    /// The longest reply line accepted, CRLF included. RFC 5321 §4.5.3.1.5
    /// allows 512; real servers write longer EHLO lines, so this is lenient.
    public static let maxLineLength = 4_096
    /// The most lines one reply may have.
    public static let maxLines = 256

    private var buffer: [UInt8] = []
    private var consumed = 0
    private var pendingCode: Int?
    private var pendingLines: [String] = []
    /// The bytes the pending lines arrived as, CRLF included (a line's text
    /// may be empty, or longer than its bytes once invalid UTF-8 is repaired).
    private var pendingByteCount = 0

    /// An empty parser.
    public init() {}

    /// Bytes received but not yet part of a complete reply. After the reply
    /// to STARTTLS this must be zero: bytes already there arrived in the
    /// clear and must not be read as if they came over TLS.
    public var bufferedByteCount: Int { buffer.count - consumed + pendingByteCount }

    /// Adds received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if consumed > 0, consumed == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            consumed = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil until more bytes arrive.
    ///
    /// - Throws: ``SMTPError/protocolViolation(_:)`` for a malformed line,
    ///   a line or reply over the limits, or a continuation with another code.
    public mutating func nextReply() throws(SMTPError) -> SMTPReply? {
        while let line = try nextLine() {
            let (code, isLast, text) = try Self.parse(line)
            if let pendingCode, pendingCode != code {
                throw .protocolViolation("a multi-line reply changed its code from \(pendingCode) to \(code)")
            }
            pendingCode = code
            pendingLines.append(text)
            pendingByteCount += line.count + 2
            if pendingLines.count > Self.maxLines { throw .protocolViolation("a reply of more than \(Self.maxLines) lines") }
            if isLast {
                let reply = SMTPReply(code: code, lines: pendingLines)
                pendingCode = nil
                pendingLines = []
                pendingByteCount = 0
                return reply
            }
        }
        return nil
    }

    /// The next line without its CRLF, or nil when no full line is buffered.
    private mutating func nextLine() throws(SMTPError) -> ArraySlice<UInt8>? {
        let start = consumed
        guard let newline = buffer[start...].firstIndex(of: 0x0A) else {
            if buffer.count - start > Self.maxLineLength { throw .protocolViolation("a reply line longer than \(Self.maxLineLength) bytes") }
            return nil
        }
        guard newline > start, buffer[newline - 1] == 0x0D else { throw .protocolViolation("a reply line ending in a bare LF") }
        guard newline + 1 - start <= Self.maxLineLength else {
            throw .protocolViolation("a reply line longer than \(Self.maxLineLength) bytes")
        }
        consumed = newline + 1
        return buffer[start..<(newline - 1)]
    }

    private static func parse(_ line: ArraySlice<UInt8>) throws(SMTPError) -> (code: Int, isLast: Bool, text: String) {
        let bytes = Array(line)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
              (0x32...0x35).contains(bytes[0])
        else {
            throw .protocolViolation("a reply line that does not start with a code 200–599: \(Self.printable(bytes))")
        }
        let code = Int(bytes[0] - 0x30) * 100 + Int(bytes[1] - 0x30) * 10 + Int(bytes[2] - 0x30)
        guard bytes.count > 3 else { return (code, true, "") }
        guard bytes[3] == 0x20 || bytes[3] == 0x2D else {
            throw .protocolViolation("a reply line with '\(Self.printable([bytes[3]]))' after its code: \(Self.printable(bytes))")
        }
        return (code, bytes[3] == 0x20, String(decoding: bytes[4...], as: UTF8.self))
    }

    /// The line as text safe to show in an error: control bytes escaped, at most 80 characters.
    static func printable(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes.prefix(80) {
            if (0x20..<0x7F).contains(byte) { text.append(Character(Unicode.Scalar(byte))) } else { text += "\\x" + String(byte, radix: 16) }
        }
        return text
    }
}
