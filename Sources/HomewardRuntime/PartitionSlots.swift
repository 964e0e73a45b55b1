import HomewardContract
import HomewardProcessing
import Kafka
import Synchronization

/// What processing one partition's records produced.
struct PartitionOutcome: Sendable {
    var step = StepResult()
    /// Inputs that could not be decoded: the record and why.
    var rejected: [(record: KafkaRecord, reason: String, kind: String)] = []
    var timersPending = 0
}

/// One owned partition: its processor, guarded so that the batch loop and
/// the rebalance handler never touch it at the same time.
final class PartitionSlot<Logic: WorkerLogic>: Sendable {
    let processor: Mutex<PartitionProcessor<Logic>>

    init(_ processor: sending PartitionProcessor<Logic>) {
        self.processor = Mutex(processor)
    }

    func process(_ records: [KafkaRecord], topicPrefix: String, wallNow: Timestamp) -> PartitionOutcome {
        processor.withLock { processor in
            var outcome = PartitionOutcome()
            for record in records {
                let role = String(record.topic.dropFirst(topicPrefix.count))
                let decoded = record.withUnsafeValue { Logic.Input.decode($0, topicRole: role) }
                switch decoded {
                case .success(let input):
                    outcome.step.append(processor.process(input, wallNow: wallNow))
                case .failure(let rejection):
                    outcome.rejected.append((record, rejection.description, rejection.kind.rawValue))
                }
            }
            outcome.timersPending = processor.store.timersPending
            return outcome
        }
    }

    func advance(to now: Timestamp) -> StepResult {
        processor.withLock { $0.advance(to: now) }
    }
}

/// The partitions a worker owns right now, by partition number.
final class PartitionSlots<Logic: WorkerLogic>: Sendable {
    private let slots = Mutex<[Int32: PartitionSlot<Logic>]>([:])
    private let failure = Mutex<WorkerError?>(nil)

    func slot(_ partition: Int32) -> PartitionSlot<Logic>? { slots.withLock { $0[partition] } }
    func insert(_ slot: PartitionSlot<Logic>, for partition: Int32) { slots.withLock { $0[partition] = slot } }
    func remove(_ partition: Int32) { _ = slots.withLock { $0.removeValue(forKey: partition) } }
    var all: [(Int32, PartitionSlot<Logic>)] { slots.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } } }

    func fail(_ error: WorkerError) { failure.withLock { if $0 == nil { $0 = error } } }
    var recordedFailure: WorkerError? { failure.withLock { $0 } }
}

extension StepResult {
    mutating func append(_ other: StepResult) {
        outputs += other.outputs
        changelog += other.changelog
    }
}
