/// The content of DATA as it goes on the wire (RFC 5321 §4.5.2): every
/// line that starts with a dot gets a second dot, every line ends in CRLF
/// (a bare CR or LF is made one), and a line holding only a dot ends it.
public enum SMTPDotStuffing {
    /// `content` dot-stuffed and terminated with `.` CRLF.
    public static func dataBlock(_ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(content.count + content.count / 32 + 5)
        content.withUnsafeBufferPointer { bytes in
            var lineStart = 0
            while lineStart < bytes.count {
                // One line: up to its CR or LF (or the end), copied whole.
                var end = lineStart
                while end < bytes.count, bytes[end] != 0x0D, bytes[end] != 0x0A { end += 1 }
                if bytes[lineStart] == 0x2E { out.append(0x2E) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                out.append(0x0D)
                out.append(0x0A)
                guard end < bytes.count else { break }
                // A CR LF, a bare CR or a bare LF ends the line.
                lineStart = bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A ? end + 2 : end + 1
            }
        }
        out.append(0x2E)
        out.append(0x0D)
        out.append(0x0A)
        return out
    }
}
