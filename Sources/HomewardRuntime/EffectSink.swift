import Kafka

/// Where a worker's effects go: the output producer in production; in
/// tests of the runtime's bookkeeping, a stand-in whose deliveries the test
/// completes by hand. Generic code over it is specialized for the producer,
/// so production pays nothing for the seam.
protocol EffectSink: Sendable {
    /// The acknowledgements of one hand-over.
    associatedtype Deliveries: PendingEffects
    /// Hands `records` over without waiting for the broker.
    func enqueue(_ records: [KafkaProducerRecord]) async throws(KafkaError) -> Deliveries
}

/// Records handed to an ``EffectSink``, acknowledged as the broker answers.
protocol PendingEffects: Sendable {
    /// Whether every record has its answer (never waits).
    var isComplete: Bool { get }
    /// The first record that could not be delivered, once complete (nil
    /// while answers are missing, or when every record was delivered).
    var failure: KafkaError? { get }
    /// Waits until every record has its answer.
    func waitUntilComplete() async
}

extension KafkaProducer: EffectSink {}

extension KafkaPendingDeliveries: PendingEffects {
    var failure: KafkaError? { syncFailures().first?.error }

    func waitUntilComplete() async { _ = await failures() }  // only to wait: no report is built for a delivered record
}
