import Kafka
import Synchronization

/// Wakes a worker's loop with an empty batch once the oldest batch's
/// effects are acknowledged, while no input is waiting: the batch's state
/// is then flushed and its offsets marked at once, not at the consumer's
/// next idle tick (up to 100 ms later, twice: outputs, then state). At most
/// one wait at a time.
final class AcknowledgementWaker: Sendable {
    private let waiting = Mutex(false)

    /// Has `consumer` deliver an empty batch when `deliveries` are all
    /// reported, unless a wait is already on.
    func wake(_ consumer: KafkaConsumer, after deliveries: KafkaPendingDeliveries) {
        let start = waiting.withLock { waiting in
            defer { waiting = true }
            return !waiting
        }
        guard start else { return }
        Task {
            _ = await deliveries.failures()
            waiting.withLock { $0 = false }
            consumer.deliverEmptyBatch()
        }
    }
}
