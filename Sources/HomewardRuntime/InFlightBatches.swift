import Kafka
import Synchronization

/// Batches whose effects were handed to the producer but whose offsets are
/// not marked yet, oldest first. Offsets are marked strictly in order, and
/// only once every effect of the batch (and of every earlier batch) was
/// acknowledged — so processing of the next batches overlaps the wait for
/// the broker without ever committing ahead of durable effects.
final class InFlightBatches: Sendable {
    struct Entry: Sendable {
        let deliveries: KafkaPendingDeliveries?
        let batch: KafkaRecordBatch
    }

    private let entries = Mutex<[Entry]>([])

    var count: Int { entries.withLock { $0.count } }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// Marks every completed batch at the front; throws if one failed.
    /// Returns the number of records marked.
    func markCompleted(_ mark: (KafkaRecordBatch) throws -> Void) throws -> Int {
        try entries.withLock { entries in
            var marked = 0
            while let first = entries.first, first.deliveries?.isComplete ?? true {
                entries.removeFirst()
                if let deliveries = first.deliveries, let failure = deliveries.failedSynchronously.first?.error {
                    entries.removeAll()
                    throw WorkerError.deliveryFailed(failure)
                }
                if !first.batch.isEmpty { try mark(first.batch) }
                marked += first.batch.count
            }
            return marked
        }
    }

    /// The oldest batch's deliveries, to wait for when too many are in flight.
    var oldest: KafkaPendingDeliveries? { entries.withLock { $0.first?.deliveries } }
}

extension KafkaPendingDeliveries {
    /// The failed reports of a complete batch (empty while incomplete).
    var failedSynchronously: [KafkaDeliveryReport] {
        isComplete ? syncFailures() : []
    }
}
