import Foundation
import Kafka
import Logging
import Synchronization
import Testing

/// The librdkafka error codes (`kafka.error`, e.g. `_ALL_BROKERS_DOWN`) a
/// client reported to its logger.
final class ReportedErrors: Sendable {
    private let codes = Mutex<Set<String>>([])

    func contains(_ code: String) -> Bool { codes.withLock { $0.contains(code) } }

    /// A logger that notes every reported code and logs like `testLogger`.
    var logger: Logger {
        Logger(label: testLogger.label) { _ in
            MultiplexLogHandler([testLogger.handler, Recorder(errors: self)])
        }
    }

    private struct Recorder: LogHandler {
        let errors: ReportedErrors
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard let code = event.metadata?["kafka.error"]?.description else { return }
            _ = errors.codes.withLock { $0.insert(code) }
        }
    }
}

@Suite("Broker faults")
struct BrokerFaultTests {
    @Test("with every broker down, sends wait and succeed once the brokers return; nothing is lost")
    func allBrokersDown() async throws {
        let broker = try EmbeddedBroker(brokers: 3, logger: testLogger)
        let topic = uniqueName("outage")
        try broker.createTopic(topic, partitions: 6, replicationFactor: 3)
        let reported = ReportedErrors()
        let producer = try KafkaProducer(configuration: producerConfiguration(broker), logger: reported.logger)
        try await producer.send(KafkaProducerRecord(topic: topic, key: "warm-up", value: "warm-up"))

        try broker.setAllBrokersDown()
        let records = (0..<500).map { KafkaProducerRecord(topic: topic, key: "case-\($0 % 20)", value: "during-outage-\($0)") }
        let pending = try await producer.enqueue(records)
        #expect(await eventually { reported.contains("_ALL_BROKERS_DOWN") }, "the producer finds no broker reachable")
        #expect(producer.queuedRecords == 500, "records wait while no broker is reachable")

        try broker.setAllBrokersUp()
        let reports = await pending.reports()
        #expect(reports.filter { !$0.isDelivered }.isEmpty, "\(reports.compactMap(\.error).first.map(String.init(describing:)) ?? "")")
        await producer.shutdown()

        let consumer = try KafkaConsumer(configuration: consumerConfiguration(broker, group: nil), logger: testLogger)
        try consumer.assign((0..<6).map { KafkaTopicPartition(topic: topic, partition: $0) })
        var values: [String] = []
        for try await batch in consumer.batches {
            values += batch.map(\.valueString)
            if values.count >= 501 { break }
        }
        await consumer.close()
        let outage = values.filter { $0.hasPrefix("during-outage-") }
        #expect(outage.count == 500, "each record exactly once (idempotent producer)")
        #expect(Set(outage).count == 500)
    }

    @Test("a leader move and injected produce errors are retried transparently")
    func leaderMoveAndTransientErrors() async throws {
        let broker = try EmbeddedBroker(brokers: 2, logger: testLogger)
        let topic = uniqueName("leader")
        try broker.createTopic(topic, partitions: 2, replicationFactor: 2)
        let producer = try KafkaProducer(configuration: producerConfiguration(broker), logger: testLogger)
        try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: "k", value: "before"))
        try broker.moveLeader(of: KafkaTopicPartition(topic: topic, partition: 0), to: 2)
        broker.failNextRequests(.produce, with: 6 /* NOT_LEADER_OR_FOLLOWER */, count: 2)
        let report = try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: "k", value: "after"))
        #expect(report.offset == 1)
        await producer.shutdown()
    }

    @Test("a record that fails for good carries a typed, non-retriable error")
    func permanentFailureIsTyped() async throws {
        let broker = try EmbeddedBroker(logger: testLogger)
        let topic = uniqueName("too-large")
        try broker.createTopic(topic, partitions: 1)
        var configuration = producerConfiguration(broker)
        configuration.client.properties["message.max.bytes"] = "1000"
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: [UInt8](repeating: 1, count: 5_000)))
        }
        #expect(error?.operation == .produce)
        #expect(error?.codeName == "MSG_SIZE_TOO_LARGE")
        #expect(error?.isRetriable == false)
        await producer.shutdown()
    }
}
