import Kafka
import Synchronization

/// Batches whose effects are on their way to the broker, oldest first.
///
/// A batch's effects go out in two phases: first its outputs and dead
/// letters; once those are acknowledged, its state writes and checkpoint
/// (which the next restore trusts). Offsets are marked only when both phases
/// are acknowledged, strictly in batch order. So a crash at any point either
/// finds the batch's checkpoint durable (and its outputs with it) or redoes
/// the batch, re-deriving the same output ids. Later batches are processed
/// while earlier ones wait for the broker.
final class InFlightBatches: Sendable {
    struct Entry: Sendable {
        let batch: KafkaRecordBatch
        /// The next offset to mark per input partition: past every record
        /// processed (records a merge still holds are not).
        let marks: [KafkaTopicPartition: Int64]
        let outputs: KafkaPendingDeliveries?
        let stateRecords: [KafkaProducerRecord]
        var state: KafkaPendingDeliveries?
        var stateSent = false
    }

    private let entries = Mutex<[Entry]>([])

    var count: Int { entries.withLock { $0.count } }

    /// Input records in the batches in flight.
    var records: Int { entries.withLock { $0.reduce(0) { $0 + $1.batch.count } } }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// Sends the state phase of every batch whose outputs are acknowledged
    /// (in order), then marks every batch whose state is acknowledged.
    /// Returns the number of input records marked.
    func advance(producer: KafkaProducer, mark: ([KafkaTopicPartition: Int64]) throws -> Void) async throws -> Int {
        // Phase 2, in order: a batch's state goes out only after its outputs
        // are durable and after every earlier batch's state.
        while let (index, records) = try nextStatePhase() {
            let deliveries = records.isEmpty ? nil : try await producer.enqueue(records)
            entries.withLock { entries in
                entries[index].state = deliveries
                entries[index].stateSent = true
            }
        }
        return try markCompleted(mark)
    }

    private func nextStatePhase() throws -> (Int, [KafkaProducerRecord])? {
        try entries.withLock { entries in
            for index in entries.indices {
                if entries[index].stateSent { continue }
                guard let outputs = entries[index].outputs else { return (index, entries[index].stateRecords) }
                guard outputs.isComplete else { return nil }
                if let failure = outputs.syncFailures().first?.error { throw WorkerError.deliveryFailed(failure) }
                return (index, entries[index].stateRecords)
            }
            return nil
        }
    }

    /// For revocation and shutdown, on the consumer's thread: after the
    /// producer was flushed, sends the pending state phases synchronously
    /// (in order) so every processed batch can be marked before the
    /// partitions move. A batch whose outputs failed stops the sequence.
    func completeSynchronously(producer: KafkaProducer) throws {
        while let (index, records) = try nextStatePhase() {
            let reports = producer.sendSynchronously(records)
            if let failure = reports.first(where: { !$0.isDelivered })?.error { throw WorkerError.deliveryFailed(failure) }
            entries.withLock { entries in
                entries[index].state = nil
                entries[index].stateSent = true
            }
        }
    }

    /// Marks every batch at the front whose state phase is acknowledged.
    func markCompleted(_ mark: ([KafkaTopicPartition: Int64]) throws -> Void) throws -> Int {
        try entries.withLock { entries in
            var marked = 0
            while let first = entries.first, first.stateSent, first.state?.isComplete ?? true {
                entries.removeFirst()
                if let failure = first.state?.syncFailures().first?.error { throw WorkerError.deliveryFailed(failure) }
                if !first.marks.isEmpty { try mark(first.marks) }
                marked += first.batch.count
            }
            return marked
        }
    }

    /// What to wait for when too many batches are in flight: the oldest
    /// batch's pending phase.
    var oldestPending: KafkaPendingDeliveries? {
        entries.withLock { entries in
            guard let first = entries.first else { return nil }
            return first.stateSent ? first.state : first.outputs
        }
    }
}
