import Foundation

/// The board's forms and query strings, as posted and asked: the parsing
/// alone, on text, so it can be tested and fuzzed without a request.
enum BoardForms {
    /// The largest form body read.
    static let maxBody = 16 * 1_024

    /// The fields of an encoded form or query string (the last of a
    /// repeated name wins; a name that does not decode is skipped).
    static func decode(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? unescape(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func unescape(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
