import Foundation
import HomewardContract
@testable import HomewardOperations
import Logging
import Synchronization
import Testing

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    static let time = try! Timestamp(rfc3339: "2026-03-04T09:00:00.250Z")

    static func event(_ message: Logger.Message, _ metadata: Logger.Metadata? = nil, level: Logger.Level = .notice) -> LogEvent {
        LogEvent(level: level, message: message, metadata: metadata, source: "HomewardRuntime", file: #fileID, function: #function, line: #line)
    }

    static func parsed(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("a line is one JSON object: time, level, logger, message, each metadata key, source")
    func members() throws {
        var handler = JSONLogHandler(label: "homeward.worker.scheduler", metadataProvider: nil, write: { _ in })
        handler[metadataKey: "worker"] = "scheduler"
        let line = handler.line(Self.event("worker started", ["partitions": "4"]), at: Self.time)
        #expect(!line.contains("\n"))
        let json = try Self.parsed(line)
        #expect(json["time"] as? String == "2026-03-04T09:00:00.250Z")
        #expect(json["level"] as? String == "notice")
        #expect(json["logger"] as? String == "homeward.worker.scheduler")
        #expect(json["message"] as? String == "worker started")
        #expect(json["worker"] as? String == "scheduler")
        #expect(json["partitions"] as? String == "4")
        #expect(json["source"] as? String == "HomewardRuntime")
    }

    @Test("quotes, backslashes, newlines and control characters are escaped; the line stays one line")
    func escaping() throws {
        let handler = JSONLogHandler(label: "t", metadataProvider: nil, write: { _ in })
        let text = "a \"quoted\" \\ path\nnext\u{1}line"
        let line = handler.line(Self.event("\(text)", ["reason": "\(text)"]), at: Self.time)
        #expect(!line.contains("\n"))
        let json = try Self.parsed(line)
        #expect(json["message"] as? String == text)
        #expect(json["reason"] as? String == text)
    }

    @Test("arrays and dictionaries stay structured; a key named like a fixed member is kept under metadata.<key>")
    func structuredMetadata() throws {
        let handler = JSONLogHandler(label: "t", metadataProvider: nil, write: { _ in })
        let line = handler.line(Self.event("m", ["partitions": ["0", "1"], "lag": ["p0": "3"], "message": "clash"]), at: Self.time)
        let json = try Self.parsed(line)
        #expect(json["partitions"] as? [String] == ["0", "1"])
        #expect(json["lag"] as? [String: String] == ["p0": "3"])
        #expect(json["message"] as? String == "m")
        #expect(json["metadata.message"] as? String == "clash")
    }

    @Test("a logger writes each entry at or above its level as one line with its newline")
    func writesLines() throws {
        let lines = LinesWritten()
        var logger = Logger(label: "t") { label in JSONLogHandler(label: label, metadataProvider: nil, write: lines.append) }
        logger.logLevel = .notice
        logger.info("dropped")
        logger.notice("kept", metadata: ["case": "case-000001"])
        let written = lines.all
        try #require(written.count == 1)
        #expect(written[0].hasSuffix("}\n"))
        #expect(try Self.parsed(String(written[0].dropLast()))["case"] as? String == "case-000001")
    }
}

/// What a handler wrote, line by line.
final class LinesWritten: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var append: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
}
