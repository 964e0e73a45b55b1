import Foundation
import HomewardSimulation
import Kafka
import Logging

/// Produces a simulated history to case-events, keyed by case id, with each
/// event's time as the record's timestamp (`simulate --produce`, `dev --simulate`).
enum SimulatedHistoryProducer {
    /// Produces every event of `simulator` to `topic`; returns how many
    /// were delivered and the first failure, if any.
    static func produce(_ simulator: CaseHistorySimulator, client: KafkaClientConfiguration, topic: String,
                        logger: Logger) async throws -> (delivered: Int, failed: Int, firstFailure: String?) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        let header = KafkaHeader(name: "content-type", value: "application/cloudevents+json")
        var records: [KafkaProducerRecord] = []
        try simulator.forEachEvent { event in
            records.append(KafkaProducerRecord(
                topic: topic, key: Array(event.subject.rawValue.utf8), value: Array(try encoder.encode(event)),
                headers: [header], timestampMilliseconds: event.time.millisecondsSinceEpoch))
        }
        let failures = try await producer.enqueue(records).failures()
        await producer.shutdown()
        return (records.count - failures.count, failures.count, failures.first?.error.map { "\($0)" })
    }
}
