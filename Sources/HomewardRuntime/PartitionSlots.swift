import HomewardProcessing
import Synchronization

/// The input partitions the group has assigned a worker, and those it owns
/// (their state restored), by partition number: a partition is assigned
/// before its state is restored and unassigned before its revocation is
/// handled, so the difference is what the worker is still getting ready.
final class PartitionSlots<Logic: WorkerLogic>: Sendable {
    private struct Holdings {
        var slots: [Int32: PartitionSlot<Logic>] = [:]
        var assigned: Set<Int32> = []
    }

    private let holdings = Mutex(Holdings())

    func slot(_ partition: Int32) -> PartitionSlot<Logic>? { holdings.withLock { $0.slots[partition] } }
    func insert(_ slot: PartitionSlot<Logic>, for partition: Int32) { holdings.withLock { $0.slots[partition] = slot } }
    func remove(_ partition: Int32) { _ = holdings.withLock { $0.slots.removeValue(forKey: partition) } }
    var all: [(Int32, PartitionSlot<Logic>)] {
        holdings.withLock { $0.slots.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    /// Whether any partition's merge holds records for their turn.
    var anyHolding: Bool { holdings.withLock { $0.slots.values.contains { $0.isHolding } } }

    /// The group assigned `partitions` (their state is yet to be restored).
    func assign(_ partitions: [Int32]) { holdings.withLock { $0.assigned.formUnion(partitions) } }

    /// The group is taking `partitions` away.
    func unassign(_ partitions: [Int32]) { holdings.withLock { $0.assigned.subtract(partitions) } }

    /// What is assigned and what is restored now, for `worker`.
    func readiness(worker: String) -> WorkerReadiness {
        holdings.withLock { holdings in
            WorkerReadiness(worker: worker, assigned: holdings.assigned.sorted(),
                            restored: holdings.slots.keys.filter(holdings.assigned.contains).sorted())
        }
    }
}
