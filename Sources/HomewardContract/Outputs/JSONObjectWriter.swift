/// Writes one JSON object, member by member, into bytes: how Homeward's
/// output events are encoded (fast, with members in a fixed order, so the
/// same event always gives the same bytes).
public struct JSONObjectWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]
    private var needsComma: [Bool] = [false]

    /// Starts an object.
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Writes a string member.
    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        writeString(value)
    }

    /// Writes a string member if `value` is present.
    public mutating func member(_ name: StaticString, ifPresent value: String?) {
        if let value { member(name, value) }
    }

    /// Writes an integer member.
    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes a boolean member.
    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes a member whose value is an array of strings.
    public mutating func member(_ name: StaticString, strings: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a case's contact as `caseworkerId`, `teamId`, `language` and
    /// `timezone` (the routing fields of every reminder and escalation).
    public mutating func members(of contact: CaseContact) {
        member("caseworkerId", contact.caseworkerId.rawValue)
        member("teamId", contact.teamId.rawValue)
        member("language", contact.language.rawValue)
        member("timezone", contact.timezone.rawValue)
    }

    /// Writes a member whose value is an object, filled by `body`.
    public mutating func object(_ name: StaticString, _ body: (inout JSONObjectWriter) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
        body(&self)
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// A CloudEvent in structured JSON mode: the envelope attributes in a
    /// fixed order, then `data` written by `body`.
    public static func cloudEvent(id: String, source: String, type: String, time: Timestamp, subject: String,
                                  data body: (inout JSONObjectWriter) -> Void) -> [UInt8] {
        var writer = JSONObjectWriter(capacity: 1_024)  // a reminder or an escalation is 600–900 bytes
        writer.member("specversion", "1.0")
        writer.member("id", id)
        writer.member("source", source)
        writer.member("type", type)
        writer.member("time", time.rfc3339)
        writer.member("subject", subject)
        writer.member("datacontenttype", "application/json")
        writer.object("data", body)
        return writer.finish()
    }

    /// Closes the object and returns its bytes.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Member names are literals of plain ASCII (the contract's field
    /// names): copied as they are, with nothing to escape.
    private mutating func key(_ name: StaticString) {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            // Most strings (ids, times, enum values) need no escaping: copy them whole.
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0x7F }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0..<0x20, 0x7F:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
