public import Foundation

/// A transport that writes each message as an `.eml` file into a folder,
/// for local use and previews: open the files with any mail program.
///
/// The file is named for the Message-ID, so a message sent twice (a retry
/// in doubt) overwrites itself instead of appearing twice. Files are
/// written whole to a temporary name first, then renamed.
public struct MailFileOutbox: MailTransport {
    /// The folder the files go to.
    public let directory: URL

    /// An outbox writing into `directory`, which is created if missing.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
    }

    /// The file a message with `messageID` is written to.
    public func fileURL(messageID: String) -> URL {
        let safe = String(messageID.map { $0.isLetter || $0.isNumber || "-_.@".contains($0) ? $0 : "_" })
        return directory.appendingPathComponent(safe + ".eml")
    }

    /// Writes the message; 8-bit bodies are kept as they are.
    public func deliver(_ message: MailMessage) async -> SMTPDeliveryOutcome {
        do {
            let file = try write(message)
            return .sent(SMTPReply(code: 250, lines: ["2.0.0 written to \(file.lastPathComponent)"]))
        } catch {
            return .failed(error)
        }
    }

    /// Writes the message now and returns its file.
    ///
    /// - Throws: ``SMTPError/invalidMessage(_:)`` for a message that cannot
    ///   be rendered; ``SMTPError/connectionLost(_:)`` when the file cannot be written.
    @discardableResult
    public func write(_ message: MailMessage) throws(SMTPError) -> URL {
        let bytes = try message.rendered(eightBit: true)
        let target = fileURL(messageID: message.messageID)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .connectionLost("cannot write \(target.path): \(error.localizedDescription)")
        }
        return target
    }

    /// Nothing to close.
    public func shutdown() async {}
}
