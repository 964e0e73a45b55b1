import Foundation
import Kafka
import Testing

@Suite("homeward worker: crash and restart", .serialized)
struct WorkerCrashTests {
    static func event(_ caseId: String, _ n: Int) -> [UInt8] {
        Array(#"{"specversion":"1.0","id":"evt-\#(n)","source":"/test","type":"org.homeward.case.reopened.v1","time":"2026-01-01T00:00:00Z","subject":"\#(caseId)","datacontenttype":"application/json","data":{"reason":"other"}}"#.utf8)
    }

    /// Reads every record of `topic` until `count` distinct values of `id` are seen, or `limit` passes.
    static func readOutputs(_ topic: String, address: String, untilDistinct count: Int, limit: Duration) async throws -> [String] {
        var configuration = KafkaConsumerConfiguration(client: KafkaClientConfiguration(brokers: address))
        configuration.idleBatchInterval = .milliseconds(200)
        configuration.fetchWait = .milliseconds(10)  // the embedded broker holds a fetch for the whole wait
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign((0..<4).map { KafkaTopicPartition(topic: topic, partition: $0) })
        var ids: [String] = []
        var distinct = Set<String>()
        let deadline = ContinuousClock.now + limit
        for try await batch in consumer.batches {
            for record in batch {
                let text = String(decoding: record.value ?? [], as: UTF8.self)
                if let range = text.range(of: #""id":"passthrough/"#), let end = text[range.upperBound...].firstIndex(of: "\"") {
                    let id = String(text[range.upperBound..<end])
                    ids.append(id)
                    distinct.insert(id)
                }
            }
            if distinct.count >= count || ContinuousClock.now > deadline { break }
        }
        await consumer.close()
        return ids
    }

    @Test("a worker killed with SIGKILL mid-run and restarted produces every output; repeats carry the same id")
    func sigkillAndRestart() async throws {
        let prefix = "crash."
        let broker = try HomewardProcess(["broker", "--topics",
            "\(prefix)case-events:4,\(prefix)passthrough:4,\(prefix)passthrough-state:4,\(prefix)dead-letter:4"])
        let address = broker.firstLine()
        defer { broker.process.terminate() }

        let total = 20_000
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: KafkaClientConfiguration(brokers: address)))
        let reports = try await producer.send(contentsOf: (0..<total).map {
            KafkaProducerRecord(topic: prefix + "case-events", key: Array("case-\($0 % 50)".utf8), value: Self.event("case-\($0 % 50)", $0))
        })
        await producer.shutdown()
        #expect(reports.allSatisfy { $0.isDelivered })

        let arguments = ["worker", "passthrough", "--brokers", address, "--topic-prefix", prefix,
                         "--clock", "stream", "--session-timeout-ms", "6000", "--log-level", "error",
                         "--max-batch-size", "200"]
        let first = try HomewardProcess(arguments)
        // Kill it while it is working through the backlog.
        let partial = try await Self.readOutputs(prefix + "passthrough", address: address, untilDistinct: 2_000, limit: .seconds(60))
        kill(first.process.processIdentifier, SIGKILL)
        let killed = first.wait()
        #expect(killed.status == SIGKILL || first.process.terminationReason == .uncaughtSignal)
        // What the killed worker had put out: everything on the topic now (read for a few seconds, it cannot grow).
        let atKill = Set(try await Self.readOutputs(prefix + "passthrough", address: address, untilDistinct: total, limit: .seconds(3)))
        #expect(atKill.isSuperset(of: partial) && atKill.count < total, "killed before the end: \(atKill.count) of \(total) out")

        let second = try HomewardProcess(arguments)
        let ids = try await Self.readOutputs(prefix + "passthrough", address: address, untilDistinct: total, limit: .seconds(300))
        second.process.terminate()
        let stopped = second.wait()
        #expect(stopped.status == 0, "graceful stop on SIGTERM: \(stopped.stderr.suffix(500))")

        let expected = Set((0..<total).map { "evt-\($0)" })
        #expect(Set(ids) == expected, "missing \(expected.subtracting(ids).count)")
        #expect(ids.count >= total)
    }
}
