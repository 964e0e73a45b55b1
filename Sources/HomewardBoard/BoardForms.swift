import Foundation
import Hummingbird

/// The board's forms and query strings, as posted and asked.
enum BoardForms {
    /// The largest form body read.
    static let maxBody = 16 * 1_024

    /// The fields of an `application/x-www-form-urlencoded` body (the last
    /// of a repeated name wins); empty for anything else or a larger body.
    static func fields(of request: Request) async -> [String: String] {
        guard let buffer = try? await request.body.collect(upTo: maxBody) else { return [:] }
        return decode(String(buffer: buffer))
    }

    /// The fields of an encoded form or query string.
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
