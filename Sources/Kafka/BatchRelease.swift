import Synchronization

/// Whether a batch's storage has gone (see ``RDKafkaBatchStorage/released``).
final class BatchRelease: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Whether the storage has gone.
    var isReleased: Bool { flag.load(ordering: .acquiring) }

    func mark() { flag.store(true, ordering: .releasing) }
}
