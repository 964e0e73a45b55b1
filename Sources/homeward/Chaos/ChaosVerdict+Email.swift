import Foundation
import HomewardPipeline

/// An e-mail of a chaos run read from its `.eml` file: the mail server's,
/// or replay's outbox.
extension ChaosVerdict.Email {
    /// Reads the header section of `file` (lines folded onto the next are joined).
    init(file: URL) throws {
        // Lines end in CRLF on the wire and in the outbox; LF is taken too.
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let header = text.components(separatedBy: "\n\n").first ?? text
        var fields: [(name: String, value: String)] = []
        for line in header.components(separatedBy: "\n") {
            if line.first == " " || line.first == "\t", let last = fields.indices.last {
                fields[last].value += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        self.init(messageId: fields.first { $0.name == "message-id" }?.value ?? file.lastPathComponent,
                  notificationIds: fields.filter { $0.name == "x-homeward-notification" }.map(\.value))
    }

    /// Every `.eml` file in `folder`, in name order.
    static func all(in folder: URL) throws -> [ChaosVerdict.Email] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try ChaosVerdict.Email(file: folder.appendingPathComponent($0)) }
    }
}
