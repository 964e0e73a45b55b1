/// Writes one JSON object, member by member, into bytes: how Homeward's
/// output events are encoded (fast, with members in a fixed order, so the
/// same event always gives the same bytes).
///
/// A writer writes straight into the memory of the array it makes (see
/// ``object(capacity:_:)``): no appends, no growing. It is valid only
/// inside the closure it is handed to.
public struct JSONObjectWriter {
    /// Where the object goes.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The bytes the object takes so far. Past the buffer's end they are
    /// counted, not written, and the object is written again into a
    /// buffer of that size.
    private var count = 0
    /// Per open object, innermost in bit 0: whether a member was written
    /// (so the next one needs a comma). Nesting is shallow: 64 levels at most.
    private var hasMembers: UInt64 = 0

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// The bytes of the object whose members `body` writes. `capacity`:
    /// the bytes expected; an object that turns out larger is written
    /// again into an array of its size (so `body` may run twice).
    public static func object(capacity: Int = 512, _ body: (inout JSONObjectWriter) -> Void) -> [UInt8] {
        writing(capacity: capacity) { writer in
            writer.put(UInt8(ascii: "{"))
            body(&writer)
            writer.put(UInt8(ascii: "}"))
        }
    }

    /// An array of what `write` writes into a buffer of `capacity` bytes,
    /// or, if it needs more, of what it writes again into one of its size.
    private static func writing(capacity: Int, _ write: (inout JSONObjectWriter) -> Void) -> [UInt8] {
        var size = max(capacity, 2)
        while true {
            var needed = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                var writer = JSONObjectWriter(buffer: buffer)
                write(&writer)
                needed = writer.count
                initialized = needed <= buffer.count ? needed : 0
            }
            if needed <= size { return bytes }
            size = needed
        }
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
        put(UInt8(ascii: "\""))
        putRFC3339(value)
        put(UInt8(ascii: "\""))
    }

    /// Writes a time member if `value` is present.
    public mutating func member(_ name: StaticString, ifPresent value: Timestamp?) {
        if let value { member(name, value) }
    }

    /// Writes an integer member.
    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        putDecimal(value)
    }

    /// Writes a boolean member.
    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        raw(value ? "true" : "false")
    }

    /// Writes a member whose value is an array of strings.
    public mutating func member(_ name: StaticString, strings: [String]) {
        key(name)
        put(UInt8(ascii: "["))
        for (index, value) in strings.enumerated() {
            if index > 0 { put(UInt8(ascii: ",")) }
            writeString(value)
        }
        put(UInt8(ascii: "]"))
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
        put(UInt8(ascii: "{"))
        precondition(hasMembers >> 63 == 0, "JSON objects nested over 64 deep")
        hasMembers <<= 1
        body(&self)
        hasMembers >>= 1
        put(UInt8(ascii: "}"))
    }

    /// A CloudEvent in structured JSON mode: the envelope attributes in a
    /// fixed order, then `data` written by `body`. `dataCapacity`: the bytes
    /// expected for `data` (a reminder's or an escalation's is 350–650), so
    /// the event is written into one buffer of about its size.
    public static func cloudEvent(id: String, source: String, type: String, time: Timestamp, subject: String,
                                  dataCapacity: Int = 640, data body: (inout JSONObjectWriter) -> Void) -> [UInt8] {
        // The envelope's names and punctuation are about 110 bytes, its time at most 30.
        let envelope = 140 + id.utf8.count + source.utf8.count + type.utf8.count + subject.utf8.count
        return writing(capacity: envelope + dataCapacity) { writer in
            writer.raw(#"{"specversion":"1.0","id":"#)
            writer.writeString(id)
            writer.raw(#","source":"#)
            writer.writeString(source)
            writer.raw(#","type":"#)
            writer.writeString(type)
            writer.raw(#","time":""#)
            writer.putRFC3339(time)
            writer.raw(#"","subject":"#)
            writer.writeString(subject)
            writer.raw(#","datacontenttype":"application/json""#)
            writer.hasMembers = 1
            writer.object("data", body)
            writer.put(UInt8(ascii: "}"))
        }
    }

    // MARK: Writing bytes

    /// Writes `byte`.
    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        if count < buffer.count { buffer[count] = byte }
        count &+= 1
    }

    /// Writes `bytes`.
    @inline(__always)
    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        let end = count &+ bytes.count
        if end <= buffer.count, let source = bytes.baseAddress {
            (buffer.baseAddress! + count).update(from: source, count: bytes.count)
        }
        count = end
    }

    /// Writes `value` in decimal.
    private mutating func putDecimal(_ value: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { put(UInt8(ascii: "-")) }
            put(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Writes `time` as ``Timestamp/rfc3339``.
    private mutating func putRFC3339(_ time: Timestamp) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Timestamp.rfc3339FourDigitYearCapacity) { text in
            if let written = time.writeRFC3339(into: UnsafeMutableRawBufferPointer(text)) {
                put(UnsafeBufferPointer(rebasing: text[..<written]))
            } else {  // outside four digits: the general path
                var text = time.rfc3339
                text.withUTF8 { put($0) }
            }
        }
    }

    /// Copies literal JSON text as it is.
    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { put($0) }
    }

    /// Member names are literals of plain ASCII (the contract's field
    /// names): copied as they are, with nothing to escape.
    private mutating func key(_ name: StaticString) {
        if hasMembers & 1 != 0 { put(UInt8(ascii: ",")) }
        hasMembers |= 1
        put(UInt8(ascii: "\""))
        name.withUTF8Buffer { put($0) }
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
    }

    private mutating func writeString(_ value: String) {
        put(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            // Most strings (ids, times, enum values) need no escaping: copy them whole.
            guard Self.needsEscaping(utf8) else {
                put(utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): put(UInt8(ascii: "\\")); put(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): put(UInt8(ascii: "\\")); put(UInt8(ascii: "\\"))
                case 0..<0x20, 0x7F:
                    let hex: StaticString = "0123456789abcdef"
                    raw("\\u00")
                    put(hex.utf8Start[Int(byte >> 4)])
                    put(hex.utf8Start[Int(byte & 0xF)])
                default: put(byte)
                }
            }
        }
        put(UInt8(ascii: "\""))
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
