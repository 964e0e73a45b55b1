import Foundation

/// HTTP Basic credentials (`Authorization: Basic base64(id:password)`), for
/// scripts and data sources reading the board's JSON API.
public struct BasicCredentials: Sendable, Hashable {
    /// The user id.
    public let userId: String
    /// The password (may contain `:`).
    public let password: String

    /// The credentials of an `Authorization` header value; nil for anything else or anything malformed.
    public init?(header: String?) {
        guard let header, header.count < 4_096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        userId = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
        guard !userId.isEmpty else { return nil }
    }
}
