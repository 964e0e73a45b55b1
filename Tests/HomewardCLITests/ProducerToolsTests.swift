import Foundation
import HomewardContract
import HomewardTestKit
import Kafka
import Testing

/// NDJSON lines for the tools' tests: two valid events and two invalid ones.
enum ToolFixtures {
    static let reopened = #"{"specversion":"1.0","id":"e1","source":"/case-system","type":"org.homeward.case.reopened.v1","time":"2026-03-02T09:30:00Z","subject":"case-000001","datacontenttype":"application/json","data":{"reason":"new-concern"}}"#
    static let signal = #"{"specversion":"1.0","id":"e2","source":"/case-system","type":"org.homeward.risk.signal-reported.v1","time":"2026-03-02T09:31:00Z","subject":"case-000002","datacontenttype":"application/json","data":{"signalId":"s-1","category":"neglect","severity":2,"source":"school","observedAt":"2026-03-02T09:00:00Z"}}"#
    static let badSeverity = signal.replacingOccurrences(of: #""severity":2"#, with: #""severity":7"#)
    static let notJSON = #"{"specversion":"1.0","id":"#

    static func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-\(UUID().uuidString).ndjson").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite("homeward validate and produce")
struct ProducerToolsTests {
    @Test("validate prints each invalid line's number and reason, a summary, and exits 1")
    func validateReportsInvalidLines() async throws {
        let path = try ToolFixtures.file([ToolFixtures.reopened, ToolFixtures.badSeverity, "", ToolFixtures.notJSON, ToolFixtures.signal])
        let result = try await HomewardProcess(["validate", path]).wait()
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("line 2: data.severity: expected integer 1...4, found 7"))
        #expect(lines.contains { $0.hasPrefix("line 4: (record): expected a JSON object, found invalid JSON at byte") })
        #expect(lines.last == "4 events: 2 valid, 2 invalid (json: 1, range: 1)")
    }

    @Test("validate exits 0 when every line is valid, reading standard input")
    func validateAllValid() async throws {
        let path = try ToolFixtures.file([ToolFixtures.reopened, ToolFixtures.signal])
        let validated = try await ChildProcess.run(HomewardProcess.executable.path, ["validate", "-"],
                                                   input: try String(contentsOfFile: path, encoding: .utf8))
        #expect(validated.status == 0)
        #expect(validated.stdout == "2 events: 2 valid, 0 invalid\n")
    }

    @Test("produce publishes valid lines keyed by subject, never sends invalid ones, and says so in its exit status")
    func produceSendsOnlyValidLines() async throws {
        let prefix = BrokerFixture.uniquePrefix("produce")
        let broker = try HomewardProcess(["broker", "--topics", "\(TopicRole.caseEvents.topic(prefix: prefix)):4"])
        defer { broker.process.terminate() }
        let kafka = try BrokerFixture(connectingTo: broker.firstLine(), prefix: prefix)
        let path = try ToolFixtures.file([ToolFixtures.reopened, ToolFixtures.badSeverity, ToolFixtures.signal])
        let result = try await HomewardProcess(["produce", path, "--brokers", kafka.bootstrapServers, "--topic-prefix", prefix]).wait()
        #expect(result.status == 1, "one line was invalid")
        #expect(result.stderr.contains("line 2: not sent: data.severity: expected integer 1...4, found 7"))
        #expect(result.stderr.contains("2 delivered to \(kafka.topic(.caseEvents)), 1 invalid (not sent), 0 failed delivery"))

        let records = try await kafka.readToEnd(.caseEvents)
        #expect(Set(records.compactMap(\.keyString)) == ["case-000001", "case-000002"])
        #expect(records.map { String(decoding: $0.value ?? [], as: UTF8.self) }.sorted() == [ToolFixtures.reopened, ToolFixtures.signal].sorted())
        #expect(records.allSatisfy { $0.headers.string(named: "content-type") == "application/cloudevents+json" })

        let clean = try ToolFixtures.file([ToolFixtures.signal])
        #expect(try await HomewardProcess(["produce", clean, "--brokers", kafka.bootstrapServers, "--topic-prefix", prefix]).wait().status == 0)
    }

    @Test("produce explains an unreachable file")
    func produceMissingFile() async throws {
        let result = try await HomewardProcess(["produce", "/nonexistent/events.ndjson", "--brokers", "127.0.0.1:1"]).wait()
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot open /nonexistent/events.ndjson"))
    }
}
