import HomewardProcessing
import Synchronization

/// The partitions a worker owns right now, by partition number.
final class PartitionSlots<Logic: WorkerLogic>: Sendable {
    private let slots = Mutex<[Int32: PartitionSlot<Logic>]>([:])

    func slot(_ partition: Int32) -> PartitionSlot<Logic>? { slots.withLock { $0[partition] } }
    func insert(_ slot: PartitionSlot<Logic>, for partition: Int32) { slots.withLock { $0[partition] = slot } }
    func remove(_ partition: Int32) { _ = slots.withLock { $0.removeValue(forKey: partition) } }
    var all: [(Int32, PartitionSlot<Logic>)] { slots.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } } }

    /// Whether any partition's merge holds records for their turn.
    var anyHolding: Bool { slots.withLock { $0.values.contains { $0.isHolding } } }
}
