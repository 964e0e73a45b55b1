import Foundation
import Kafka
import Testing

@Suite("homeward simulate")
struct SimulateCommandTests {
    @Test("the same seed gives the same bytes, a different seed different ones, and every line is valid")
    func deterministicAndValid() throws {
        let first = try HomewardProcess(["simulate", "--cases", "20", "--months", "6", "--seed", "5"]).wait()
        let again = try HomewardProcess(["simulate", "--cases", "20", "--months", "6", "--seed", "5"]).wait()
        let other = try HomewardProcess(["simulate", "--cases", "20", "--months", "6", "--seed", "6"]).wait()
        #expect(first.status == 0)
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.split(separator: "\n").count > 100)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).ndjson").path
        try first.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let validation = try HomewardProcess(["validate", path]).wait()
        #expect(validation.status == 0, "\(validation.stdout.suffix(500))")
    }

    @Test("--start moves the history; a bad --start says what format to use")
    func start() throws {
        let result = try HomewardProcess(["simulate", "--cases", "3", "--months", "2", "--start", "2030-06-01"]).wait()
        #expect(result.stdout.contains("\"time\":\"2030-0"))
        #expect(!result.stdout.contains("\"time\":\"2026-"))
        let bad = try HomewardProcess(["simulate", "--start", "June"]).wait()
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("expected a date like 2026-01-01"))
    }

    @Test("--produce publishes every event to case-events keyed by its case")
    func produceDirectly() async throws {
        let broker = try HomewardProcess(["broker", "--topics", "sim.case-events:4"])
        let address = broker.firstLine()
        defer { broker.process.terminate() }
        let expected = try HomewardProcess(["simulate", "--cases", "10", "--months", "3", "--seed", "3"]).wait().stdout
            .split(separator: "\n").map(String.init)
        let result = try HomewardProcess(["simulate", "--cases", "10", "--months", "3", "--seed", "3", "--produce",
                                          "--brokers", address, "--topic-prefix", "sim."]).wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(expected.count) events delivered to sim.case-events, 0 failed"))

        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            client: KafkaClientConfiguration(brokers: address), sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1)))
        try consumer.assign((0..<4).map { KafkaTopicPartition(topic: "sim.case-events", partition: $0) })
        var received: [String] = []
        var keysMatch = true
        for try await batch in consumer.batches {
            for record in batch {
                let value = String(decoding: record.value ?? [], as: UTF8.self)
                received.append(value)
                if let key = record.keyString, !value.contains("\"subject\":\"\(key)\"") { keysMatch = false }
            }
            if received.count >= expected.count { break }
        }
        await consumer.close()
        #expect(Set(received) == Set(expected))
        #expect(keysMatch)
    }
}
