import Foundation
import Testing

/// An e-mail as a test reads it from a file: a capture server's `.eml`
/// (with its envelope in the `.json` beside it) or `homeward replay --outbox`'s.
struct CapturedMail {
    /// Header fields by lower-cased name, unfolded, in order.
    let headers: [String: [String]]
    /// Everything after the header section.
    let body: String
    /// The envelope recipients, for a capture server's message.
    let envelopeTo: [String]
    /// The envelope sender, for a capture server's message.
    let envelopeFrom: String?

    init(file: URL) throws {
        // CRLF is one Character in Swift: work on LF-only text.
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        let split = try #require(text.range(of: "\n\n"), "\(file.lastPathComponent) has a header section")
        var fields: [String: [String]] = [:]
        var lines: [String] = []
        for line in text[..<split.lowerBound].components(separatedBy: "\n") {
            if line.first == " " || line.first == "\t", !lines.isEmpty { lines[lines.count - 1] += line } else { lines.append(line) }
        }
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased(), default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        headers = fields
        body = String(text[split.upperBound...])
        let envelope = file.deletingPathExtension().appendingPathExtension("json")
        if let data = FileManager.default.contents(atPath: envelope.path),
           let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            envelopeTo = object["to"] as? [String] ?? []
            envelopeFrom = object["from"] as? String
        } else {
            envelopeTo = []
            envelopeFrom = nil
        }
    }

    /// The value of the first `name` field.
    func header(_ name: String) -> String? { headers[name.lowercased()]?.first }

    /// The notification ids it carries (`X-Homeward-Notification`).
    var notificationIds: [String] { headers["x-homeward-notification"] ?? [] }

    /// Every `.eml` in `folder`, by file name.
    static func all(in folder: URL) throws -> [CapturedMail] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try CapturedMail(file: folder.appendingPathComponent($0)) }
    }
}
