/// The content of DATA as it goes on the wire (RFC 5321 §4.5.2): every
/// line that starts with a dot gets a second dot, every line ends in CRLF
/// (a bare CR or LF is made one), and a line holding only a dot ends it.
public enum SMTPDotStuffing {
    /// `content` dot-stuffed and terminated with `.` CRLF.
    public static func dataBlock(_ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(content.count + content.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < content.count {
            let byte = content[index]
            if atLineStart && byte == 0x2E { out.append(0x2E) }
            switch byte {
            case 0x0D:
                out += [0x0D, 0x0A]
                if index + 1 < content.count, content[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            case 0x0A:
                out += [0x0D, 0x0A]
                atLineStart = true
            default:
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += [0x2E, 0x0D, 0x0A]
        return out
    }
}
