import Foundation
import Kafka
import Logging
import Testing

/// Settings the embedded broker needs for quick group joins (it delays a
/// re-join by the session timeout).
func consumerConfiguration(_ broker: EmbeddedBroker, group: String?, maxBatchSize: Int = 1_000) -> KafkaConsumerConfiguration {
    KafkaConsumerConfiguration(
        client: KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-test"),
        groupID: group,
        offsetReset: .earliest,
        sessionTimeout: .seconds(6),
        heartbeatInterval: .seconds(1),
        autoCommitInterval: nil,
        maxBatchSize: maxBatchSize)
}

func producerConfiguration(_ broker: EmbeddedBroker) -> KafkaProducerConfiguration {
    KafkaProducerConfiguration(client: KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-test"))
}

let testLogger: Logger = {
    var logger = Logger(label: "homeward.test")
    logger.logLevel = ProcessInfo.processInfo.environment["HOMEWARD_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// A unique topic or group name for one test.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// Produces `count` records `key-<i % keys>` / `<prefix>-<i>` and checks every delivery.
func produceNumbered(_ count: Int, keys: Int, topic: String, broker: EmbeddedBroker, prefix: String = "value") async throws {
    let producer = try KafkaProducer(configuration: producerConfiguration(broker), logger: testLogger)
    let records = (0..<count).map { i in
        KafkaProducerRecord(topic: topic, key: "key-\(i % keys)", value: "\(prefix)-\(i)")
    }
    let reports = try await producer.send(contentsOf: records)
    #expect(reports.allSatisfy { $0.isDelivered })
    await producer.shutdown()
}

/// Waits until `condition` holds, polling every 50 ms, for at most `limit`.
func eventually(_ limit: Duration = .seconds(60), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

extension KafkaRecord {
    var valueString: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<null>" }
}
