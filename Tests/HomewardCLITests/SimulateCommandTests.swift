import Foundation
import HomewardContract
import HomewardTestKit
import Testing

@Suite("homeward simulate")
struct SimulateCommandTests {
    @Test("the same seed gives the same bytes, a different seed different ones, and every line is valid")
    func deterministicAndValid() async throws {
        let first = try await HomewardProcess(["simulate", "--cases", "20", "--months", "6", "--seed", "5"]).wait()
        let again = try await HomewardProcess(["simulate", "--cases", "20", "--months", "6", "--seed", "5"]).wait()
        let other = try await HomewardProcess(["simulate", "--cases", "20", "--months", "6", "--seed", "6"]).wait()
        #expect(first.status == 0)
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.split(separator: "\n").count > 100)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).ndjson").path
        try first.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let validation = try await HomewardProcess(["validate", path]).wait()
        #expect(validation.status == 0, "\(validation.stdout.suffix(500))")
    }

    @Test("--start moves the history; a bad --start says what format to use")
    func start() async throws {
        let result = try await HomewardProcess(["simulate", "--cases", "3", "--months", "2", "--start", "2030-06-01"]).wait()
        #expect(result.stdout.contains("\"time\":\"2030-0"))
        #expect(!result.stdout.contains("\"time\":\"2026-"))
        let bad = try await HomewardProcess(["simulate", "--start", "June"]).wait()
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("expected a date like 2026-01-01"))
    }

    @Test("--produce publishes every event to case-events keyed by its case")
    func produceDirectly() async throws {
        let prefix = BrokerFixture.uniquePrefix("simulate")
        let broker = try HomewardProcess(["broker", "--topics", "\(TopicRole.caseEvents.topic(prefix: prefix)):4"])
        defer { broker.process.terminate() }
        let kafka = try BrokerFixture(connectingTo: broker.firstLine(), prefix: prefix)
        let expected = try await HomewardProcess(["simulate", "--cases", "10", "--months", "3", "--seed", "3"]).wait().stdout
            .split(separator: "\n").map(String.init)
        let result = try await HomewardProcess(["simulate", "--cases", "10", "--months", "3", "--seed", "3", "--produce",
                                                "--brokers", kafka.bootstrapServers, "--topic-prefix", prefix]).wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(expected.count) events delivered to \(kafka.topic(.caseEvents)), 0 failed"))

        let records = try await kafka.readToEnd(.caseEvents)
        let received = records.map { String(decoding: $0.value ?? [], as: UTF8.self) }
        #expect(received.sorted() == expected.sorted())
        let unkeyed = records.filter { record in
            guard let key = record.keyString else { return true }
            return !String(decoding: record.value ?? [], as: UTF8.self).contains("\"subject\":\"\(key)\"")
        }
        #expect(unkeyed.isEmpty, "every event is keyed by its case")
    }
}
