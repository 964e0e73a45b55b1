import Foundation
import HomewardTestKit
import Kafka
import Logging
import Synchronization
import Testing

/// The librdkafka error codes (`kafka.error`, e.g. `_ALL_BROKERS_DOWN`) a
/// client reported to its logger.
final class ReportedErrors: Sendable {
    private let codes = Mutex<Set<String>>([])

    func contains(_ code: String) -> Bool { codes.withLock { $0.contains(code) } }

    /// A logger that notes every reported code and logs like `base`.
    func logger(alongside base: Logger) -> Logger {
        Logger(label: base.label) { _ in
            MultiplexLogHandler([base.handler, Recorder(errors: self)])
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
        let kafka = try await BrokerFixture("outage", brokers: 3)
        try await kafka.createTopics(["records"], partitions: 6, replicationFactor: 3)
        let topic = kafka.topic("records")
        let broker = try #require(kafka.broker)
        let reported = ReportedErrors()
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration, logger: reported.logger(alongside: kafka.logger))
        try await producer.send(KafkaProducerRecord(topic: topic, key: "warm-up", value: "warm-up"))

        try broker.setAllBrokersDown()
        let records = (0..<500).map { KafkaProducerRecord(topic: topic, key: "case-\($0 % 20)", value: "during-outage-\($0)") }
        let pending = try await producer.enqueue(records)
        try await waitUntil("the producer finds no broker reachable") { reported.contains("_ALL_BROKERS_DOWN") }
        #expect(producer.queuedRecords == 500, "records wait while no broker is reachable")

        try broker.setAllBrokersUp()
        let reports = await pending.reports()
        #expect(reports.filter { !$0.isDelivered }.isEmpty, "\(reports.compactMap(\.error).first.map(String.init(describing:)) ?? "")")
        await producer.shutdown()

        let values = try await kafka.readToEnd("records").map(\.valueString)
        let outage = values.filter { $0.hasPrefix("during-outage-") }
        #expect(outage.count == 500, "each record exactly once (idempotent producer)")
        #expect(Set(outage).count == 500)
    }

    @Test("a leader move and injected produce errors are retried transparently")
    func leaderMoveAndTransientErrors() async throws {
        let kafka = try await BrokerFixture("leader", brokers: 2)
        try await kafka.createTopics(["records"], partitions: 2, replicationFactor: 2)
        let topic = kafka.topic("records")
        let broker = try #require(kafka.broker)
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration, logger: kafka.logger)
        try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: "k", value: "before"))
        try broker.moveLeader(of: KafkaTopicPartition(topic: topic, partition: 0), to: 2)
        broker.failNextRequests(.produce, with: 6 /* NOT_LEADER_OR_FOLLOWER */, count: 2)
        let report = try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: "k", value: "after"))
        #expect(report.offset == 1)
        await producer.shutdown()
    }

    @Test("a record that fails for good carries a typed, non-retriable error")
    func permanentFailureIsTyped() async throws {
        let kafka = try await BrokerFixture("too-large", topics: ["records"], partitions: 1)
        let topic = kafka.topic("records")
        var configuration = kafka.producerConfiguration
        configuration.client.properties["message.max.bytes"] = "1000"
        let producer = try KafkaProducer(configuration: configuration, logger: kafka.logger)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: [UInt8](repeating: 1, count: 5_000)))
        }
        #expect(error?.operation == .produce)
        #expect(error?.codeName == "MSG_SIZE_TOO_LARGE")
        #expect(error?.isRetriable == false)
        await producer.shutdown()
    }
}
