/// A server's reply to a command: a three-digit code and one or more lines
/// of text (RFC 5321 §4.2), with the enhanced status code where the server
/// gave one.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// What a reply code says about the command.
    public enum Category: Sendable, Hashable {
        /// 2xx: done.
        case positive
        /// 3xx: go on (after DATA, after an AUTH challenge).
        case intermediate
        /// 4xx: failed this time; the same command may succeed later.
        case transient
        /// 5xx: failed; repeating it will fail again.
        case permanent
    }

    /// The reply code (200…599).
    public let code: Int
    /// The text of each line, without the code and separator.
    public let lines: [String]
    /// The enhanced status code that starts the text, if any (RFC 3463).
    public let enhancedCode: EnhancedStatusCode?

    /// Creates a reply; the enhanced code is read from the first line's text.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
        let first = lines.first?.split(separator: " ", maxSplits: 1).first ?? ""
        enhancedCode = EnhancedStatusCode(first).flatMap { $0.statusClass == code / 100 ? $0 : nil }
    }

    /// The category of ``code``.
    public var category: Category {
        switch code / 100 {
        case 2: .positive
        case 3: .intermediate
        case 4: .transient
        default: .permanent
        }
    }

    /// The text of every line, joined by spaces, without the enhanced code.
    public var text: String {
        var joined = lines.joined(separator: " ")
        if let enhancedCode, joined.hasPrefix(enhancedCode.description) {
            joined = String(joined.dropFirst(enhancedCode.description.count).drop { $0 == " " })
        }
        return joined
    }

    /// `250 2.0.0 OK`, on one line.
    public var description: String {
        "\(code)\(enhancedCode.map { " \($0)" } ?? "") \(text)"
    }
}
