/// A strict RFC 8259 JSON parser over raw bytes.
///
/// No comments, trailing commas, NaN or leading zeros; strings must be valid
/// UTF-8; nesting is limited to `maxDepth`. Errors name the byte offset.
public struct JSONParser {
    /// Why a document is not JSON.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The byte offset where parsing stopped.
        public let offset: Int
        /// What was expected there.
        public let reason: String

        /// `invalid JSON at byte N: reason`.
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// The deepest nesting accepted.
    public static let maxDepth = 64

    /// Parses `bytes` as one JSON document.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        try withTape(of: bytes) { $0.value(at: 0) }
    }

    /// Parses `bytes` as one JSON document and calls `body` with a
    /// ``JSONTape`` over them (the validator's path: no tree, no strings
    /// until a field asks for one). The tape is valid only inside `body`.
    static func withTape<R>(of bytes: UnsafeRawBufferPointer, _ body: (JSONTape) -> R) throws(Failure) -> R {
        // A tape node keeps offsets in 32 bits.
        guard bytes.count <= Int(UInt32.max) else { throw Failure(offset: 0, reason: "document larger than 4 GiB") }
        // The first nodes on the stack: an event has about thirty.
        let result = withUnsafeTemporaryAllocation(of: JSONTape.Node.self, capacity: 64) { firstNodes -> Result<R, Failure> in
            var parser = Cursor(bytes: bytes, firstNodes: firstNodes)
            do throws(Failure) {
                parser.skipWhitespace()
                try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                guard parser.index == bytes.count else {
                    throw Failure(offset: parser.index, reason: "unexpected data after the JSON value")
                }
            } catch {
                return .failure(error)
            }
            return .success(parser.tape.withTape(over: bytes, body))
        }
        return try result.get()
    }

    /// Parses the UTF-8 bytes of `bytes`.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(Failure) -> JSONValue in try parse(buffer) } }
        return try result.get()
    }

    private struct Cursor: ~Copyable {
        let bytes: UnsafeRawBufferPointer
        var index = 0
        var tape: JSONTape.Builder

        init(bytes: UnsafeRawBufferPointer, firstNodes: UnsafeMutableBufferPointer<JSONTape.Node>) {
            self.bytes = bytes
            tape = JSONTape.Builder(startingIn: firstNodes)
        }

        func fail(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// Parses one value and appends its nodes to the tape.
        mutating func parseValue(depth: Int) throws(Failure) {
            guard let byte = current else { throw fail("unexpected end of input, expected a value") }
            switch byte {
            case UInt8(ascii: "{"): try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): try parseString()
            case UInt8(ascii: "t"): try expectLiteral("true"); tape.append(.true)
            case UInt8(ascii: "f"): try expectLiteral("false"); tape.append(.false)
            case UInt8(ascii: "n"): try expectLiteral("null"); tape.append(.null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): tape.append(number: try parseNumber())
            default: throw fail("unexpected character '\(printable(byte))', expected a value")
            }
        }

        func printable(_ byte: UInt8) -> String {
            byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
        }

        mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of input in a literal") }
            let start = literal.utf8Start
            for offset in 0..<count where bytes[index + offset] != start[offset] {
                throw fail("invalid literal, expected \(literal)")
            }
            index += count
        }

        /// An object: its node, then each member's name node and value nodes.
        mutating func parseObject(depth: Int) throws(Failure) {
            guard depth <= JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            let node = tape.beginContainer(.object)
            var count = 0
            skipWhitespace()
            if current == UInt8(ascii: "}") { index += 1; tape.endContainer(node, count: count); return }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
                try parseString()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw fail("expected ':' after member name") }
                index += 1
                skipWhitespace()
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; tape.endContainer(node, count: count); return
                default: throw fail("expected ',' or '}' in object")
                }
            }
        }

        /// An array: its node, then each item's nodes.
        mutating func parseArray(depth: Int) throws(Failure) {
            guard depth <= JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            let node = tape.beginContainer(.array)
            var count = 0
            skipWhitespace()
            if current == UInt8(ascii: "]") { index += 1; tape.endContainer(node, count: count); return }
            while true {
                skipWhitespace()
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; tape.endContainer(node, count: count); return
                default: throw fail("expected ',' or ']' in array")
                }
            }
        }

        /// A string: checked (escapes, UTF-8) and recorded as a range of the
        /// document, or, when it has escapes, of the tape's unescaped bytes.
        /// The high bit of each of the eight bytes in `word` (little-endian)
        /// that may be a quote, a backslash, a control character or non-ASCII.
        /// The lowest flagged byte is always one of them (a borrow only
        /// carries upwards, past a byte that is), so a scan can jump to it.
        @inline(__always)
        static func specialBytes(_ word: UInt64) -> UInt64 {
            ByteLanes.equal(word, UInt8(ascii: "\"")) | ByteLanes.equal(word, UInt8(ascii: "\\"))
                | ByteLanes.below(word, 0x20) | ByteLanes.nonASCII(word)
        }

        mutating func parseString() throws(Failure) {
            index += 1  // opening quote
            let start = index
            // Fast path: no escapes. Eight bytes at a time while none of them
            // is a quote, a backslash, a control character or non-ASCII; an
            // all-ASCII string needs no UTF-8 check.
            var ascii = true
            while index < bytes.count {
                while index &+ 8 <= bytes.count {
                    let flagged = Self.specialBytes(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    if flagged != 0 {
                        index &+= flagged.trailingZeroBitCount &>> 3  // the first one is exact
                        break
                    }
                    index &+= 8
                }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    if !ascii {
                        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                        guard slice.isValidUTF8 else { throw Failure(offset: start, reason: "string is not valid UTF-8") }
                    }
                    tape.appendString(at: start, count: index - start)
                    index += 1
                    return
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw fail("unescaped control character in string") }
                if byte >= 0x80 { ascii = false }
                index += 1
            }
            var scalars = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard scalars.withUnsafeBytes(\.isValidUTF8) else {
                        throw Failure(offset: start, reason: "string is not valid UTF-8")
                    }
                    tape.appendUnescapedString(scalars)
                    return
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let escape = current else { throw fail("unexpected end of input in escape") }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append(0x22)
                    case UInt8(ascii: "\\"): scalars.append(0x5C)
                    case UInt8(ascii: "/"): scalars.append(0x2F)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try parseHex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                                throw fail("unpaired surrogate in \\u escape")
                            }
                            index += 2
                            let low = try parseHex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid low surrogate in \\u escape") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw fail("unpaired surrogate in \\u escape")
                        }
                        scalars.append(contentsOf: Array(String(Character(UnicodeScalar(code)!)).utf8))
                    default:
                        throw fail("invalid escape '\\\(printable(escape))'")
                    }
                default:
                    if byte < 0x20 { throw fail("unescaped control character in string") }
                    scalars.append(byte)
                    index += 1
                }
            }
            throw fail("unterminated string")
        }

        mutating func parseHex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("unexpected end of input in \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("invalid hex digit in \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func parseNumber() throws(Failure) -> Double {
            let start = index
            var isInteger = true
            var integer: Int64 = 0
            var negative = false
            if current == UInt8(ascii: "-") { negative = true; index += 1 }
            guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
                throw fail("expected a digit")
            }
            if first == UInt8(ascii: "0") {
                index += 1
                if let next = current, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                    throw fail("leading zeros are not allowed")
                }
            } else {
                var digits = 0
                while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    if digits < 15 { integer = integer * 10 + Int64(byte - UInt8(ascii: "0")) } else { isInteger = false }
                    digits += 1
                    index += 1
                }
            }
            if current == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard let digit = current, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else {
                    throw fail("expected a digit after '.'")
                }
                while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let digit = current, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else {
                    throw fail("expected a digit in exponent")
                }
                while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            }
            if isInteger { return Double(negative ? -integer : integer) }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw Failure(offset: start, reason: "number out of range") }
            return value
        }
    }
}
