/// Delivery reports of records handed over by ``KafkaProducer/enqueue(_:)``,
/// collected as the broker answers.
public struct KafkaPendingDeliveries: Sendable {
    private let batch: RDKafkaDeliveryBatch

    init(batch: RDKafkaDeliveryBatch) {
        self.batch = batch
        batch.sealed()
    }

    /// Waits until every record has a report; reports are in record order.
    public func reports() async -> [KafkaDeliveryReport] {
        await batch.awaitCompletion()
        return batch.reports
    }

    /// Whether every record already has a report (never waits).
    public var isComplete: Bool { batch.isComplete }

    /// The failed reports, once ``isComplete`` (empty before); never waits.
    public func syncFailures() -> [KafkaDeliveryReport] {
        batch.isComplete ? batch.failedReports : []
    }

    /// Waits until every record has a report and returns only the failed
    /// ones (empty when everything was delivered), in record order.
    public func failures() async -> [KafkaDeliveryReport] {
        await batch.awaitCompletion()
        return batch.failedReports
    }
}
