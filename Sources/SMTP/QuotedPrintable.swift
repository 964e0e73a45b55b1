/// Quoted-printable (RFC 2045 §6.7) for bodies that may not go as 8-bit:
/// lines of at most 76 characters, every byte above 127, `=` and control
/// characters as `=XX`, whitespace before a line break encoded, line breaks
/// kept as CRLF.
enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var lineLength = 0
        let bytes = Array(text.utf8)
        var index = 0
        func emit(_ piece: [UInt8]) {
            if lineLength + piece.count > 75 {
                out += [0x3D, 0x0D, 0x0A]  // soft line break
                lineLength = 0
            }
            out += piece
            lineLength += piece.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                out += [0x0D, 0x0A]
                lineLength = 0
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                index += 1
                continue
            }
            let atLineEnd = index + 1 == bytes.count || bytes[index + 1] == 0x0D || bytes[index + 1] == 0x0A
            let isWhitespace = byte == 0x20 || byte == 0x09
            if (0x21...0x7E).contains(byte) && byte != 0x3D || (isWhitespace && !atLineEnd) {
                emit([byte])
            } else {
                emit([0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        return out
    }
}
