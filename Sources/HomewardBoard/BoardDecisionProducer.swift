public import HomewardContract
import Foundation
public import Kafka
public import Logging

/// Produces the board's decisions to `case-events`, keyed by case id, as
/// structured CloudEvents: what a person decided reaches the escalator
/// like any producer's event.
public final class BoardDecisionProducer: Sendable {
    private let producer: KafkaProducer
    private let topic: String

    /// A producer to `topic` on `client`'s cluster.
    public init(client: KafkaClientConfiguration, topic: String, logger: Logger) throws {
        producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        self.topic = topic
    }

    /// Sends `event` and waits until the broker has it.
    ///
    /// - Throws: the broker's refusal, or an encoding failure.
    public func send(_ event: CaseEvent) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let record = KafkaProducerRecord(topic: topic, key: Array(event.subject.rawValue.utf8), value: Array(try encoder.encode(event)),
                                         headers: [KafkaHeader(name: "content-type", value: "application/cloudevents+json")],
                                         timestampMilliseconds: event.time.millisecondsSinceEpoch)
        let report = try await producer.send(record)
        if let error = report.error { throw error }
    }

    /// Flushes and stops.
    public func shutdown() async { await producer.shutdown() }
}
