import HomewardProcessing
import Synchronization

/// The partitions a worker owns right now, by partition number.
final class PartitionSlots<Logic: WorkerLogic>: Sendable {
    private let slots = Mutex<[Int32: PartitionSlot<Logic>]>([:])
    private let failure = Mutex<WorkerError?>(nil)

    func slot(_ partition: Int32) -> PartitionSlot<Logic>? { slots.withLock { $0[partition] } }
    func insert(_ slot: PartitionSlot<Logic>, for partition: Int32) { slots.withLock { $0[partition] = slot } }
    func remove(_ partition: Int32) { _ = slots.withLock { $0.removeValue(forKey: partition) } }
    var all: [(Int32, PartitionSlot<Logic>)] { slots.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } } }

    /// Whether any partition's merge holds records for their turn.
    var anyHolding: Bool { slots.withLock { $0.values.contains { $0.isHolding } } }

    func fail(_ error: WorkerError) { failure.withLock { if $0 == nil { $0 = error } } }
    var recordedFailure: WorkerError? { failure.withLock { $0 } }
}
