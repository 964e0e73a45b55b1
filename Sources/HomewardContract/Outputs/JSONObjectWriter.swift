/// Writes one JSON object, member by member, into bytes: how Homeward's
/// output events are encoded (fast, with members in a fixed order, so the
/// same event always gives the same bytes).
public struct JSONObjectWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]
    /// Per open object, innermost in bit 0: whether a member was written
    /// (so the next one needs a comma). Nesting is shallow: 64 levels at most.
    private var hasMembers: UInt64 = 0

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

    /// Writes a time member as RFC 3339 in UTC (as ``Timestamp/rfc3339``).
    public mutating func member(_ name: StaticString, _ value: Timestamp) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        value.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes a time member if `value` is present.
    public mutating func member(_ name: StaticString, ifPresent value: Timestamp?) {
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
        precondition(hasMembers >> 63 == 0, "JSON objects nested over 64 deep")
        hasMembers <<= 1
        body(&self)
        hasMembers >>= 1
        bytes.append(UInt8(ascii: "}"))
    }

    /// A CloudEvent in structured JSON mode: the envelope attributes in a
    /// fixed order, then `data` written by `body`. `dataCapacity`: the bytes
    /// expected for `data` (a reminder's or an escalation's is 350–650), so
    /// the event is written into one buffer of about its size.
    public static func cloudEvent(id: String, source: String, type: String, time: Timestamp, subject: String,
                                  dataCapacity: Int = 640, data body: (inout JSONObjectWriter) -> Void) -> [UInt8] {
        // The envelope's names and punctuation are about 110 bytes, its time at most 30.
        let envelope = 140 + id.utf8.count + source.utf8.count + type.utf8.count + subject.utf8.count
        var writer = JSONObjectWriter(capacity: envelope + dataCapacity)
        writer.raw(#""specversion":"1.0","id":"#)
        writer.writeString(id)
        writer.raw(#","source":"#)
        writer.writeString(source)
        writer.raw(#","type":"#)
        writer.writeString(type)
        writer.raw(#","time":""#)
        time.appendRFC3339(to: &writer.bytes)
        writer.raw(#"","subject":"#)
        writer.writeString(subject)
        writer.raw(#","datacontenttype":"application/json""#)
        writer.hasMembers = 1
        writer.object("data", body)
        return writer.finish()
    }

    /// Closes the object and returns its bytes.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Copies literal JSON text as it is.
    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Member names are literals of plain ASCII (the contract's field
    /// names): copied as they are, with nothing to escape.
    private mutating func key(_ name: StaticString) {
        if hasMembers & 1 != 0 { bytes.append(UInt8(ascii: ",")) }
        hasMembers |= 1
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
            guard Self.needsEscaping(utf8) else {
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

    /// Whether any byte is a quote, a backslash, a control character or
    /// DEL, eight bytes at a time (bytes of other characters beyond ASCII
    /// are copied as they are).
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = utf8.baseAddress {
            while index &+ 8 <= utf8.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let found = ByteLanes.equal(word, UInt8(ascii: "\"")) | ByteLanes.equal(word, UInt8(ascii: "\\"))
                    | ByteLanes.equal(word, 0x7F) | ByteLanes.below(word, 0x20)
                if found != 0 { break }
                index &+= 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F { return true }
            index &+= 1
        }
        return false
    }
}
