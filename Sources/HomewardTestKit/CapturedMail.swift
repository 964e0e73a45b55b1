public import Foundation

/// An e-mail as a test reads it from a file: a capture server's `.eml`
/// (with its envelope in the `.json` beside it) or `homeward replay --outbox`'s.
public struct CapturedMail: Sendable {
    /// Header fields by lower-cased name, unfolded, in order.
    public let headers: [String: [String]]
    /// Everything after the header section.
    public let body: String
    /// The envelope recipients, for a capture server's message.
    public let envelopeTo: [String]
    /// The envelope sender, for a capture server's message.
    public let envelopeFrom: String?

    public init(file: URL) throws {
        // CRLF is one Character in Swift: work on LF-only text.
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        guard let split = text.range(of: "\n\n") else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(file.lastPathComponent) has no header section"])
        }
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
    public func header(_ name: String) -> String? { headers[name.lowercased()]?.first }

    /// The notification ids it carries (`X-Homeward-Notification`).
    public var notificationIds: [String] { headers["x-homeward-notification"] ?? [] }

    /// The text parts' content after `Content-Type: <type>` (8-bit or
    /// quoted-printable as written; soft line breaks joined).
    public func part(_ type: String) -> String? {
        guard let start = body.range(of: "Content-Type: \(type)") else { return nil }
        let rest = body[start.upperBound...]
        guard let content = rest.range(of: "\n\n") else { return nil }
        let end = rest[content.upperBound...].range(of: "\n--")?.lowerBound ?? rest.endIndex
        return String(rest[content.upperBound..<end]).replacingOccurrences(of: "=\n", with: "")
    }

    /// Every `.eml` in `folder`, by file name.
    public static func all(in folder: URL) throws -> [CapturedMail] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try CapturedMail(file: folder.appendingPathComponent($0)) }
    }
}
