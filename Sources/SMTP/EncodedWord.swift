/// RFC 2047 encoded words: how a header carries text that is not ASCII
/// (`=?UTF-8?B?…?=`). Each word is at most 75 characters and never splits
/// a character, so a long subject folds between words.
enum EncodedWord {
    /// The longest encoded word (RFC 2047 §2).
    static let maxLength = 75

    /// `text` as one or more encoded words.
    static func encode(_ text: String) -> [String] {
        let overhead = "=?UTF-8?B??=".count
        let maxBytes = (maxLength - overhead) / 4 * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Base64.encode(chunk))?=") }
        return words
    }
}
