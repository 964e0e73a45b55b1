import Dispatch

/// The group taking partitions away from this worker.
///
/// The rebalance handler runs on the consumer's thread, but the partitions'
/// state and the batches in flight belong to the worker's loop. So the
/// handler hands the revocation to the loop as an event and waits. The
/// loop takes it after the batches queued before it (their records, of
/// partitions still owned when they were fetched, are processed as usual),
/// settles every batch in flight through the ordinary path (outputs
/// acknowledged, state flushed and acknowledged, offsets marked, in batch
/// order), drops the revoked partitions' state, and only then lets the
/// handler return; the consumer then commits and the partitions move. No
/// batch is fetched meanwhile (the consumer's thread is the one waiting),
/// and the consumer drops what it had buffered of those partitions: a
/// revoked partition's records are never processed after the handler
/// returned, and every record processed before is committed. A loop that
/// has stopped cannot take it: the handler then returns at once (a loop
/// that stops settles everything itself; one that failed marks nothing
/// more, and the new owner redoes what was not marked).
final class Revocation: Sendable {
    /// The input partitions taken away.
    let partitions: [Int32]
    /// Whether the group already gave them away (a session timeout).
    let lost: Bool
    private let finished = DispatchSemaphore(value: 0)

    init(partitions: [Int32], lost: Bool) {
        self.partitions = partitions
        self.lost = lost
    }

    /// On the consumer's thread: hands the revocation of `partitions` to
    /// the loop through `events` and blocks until the loop performed it, or
    /// stopped without it.
    static func handOver<Batch, Completion>(_ partitions: [Int32], lost: Bool, to events: WorkerEvents<Batch, Completion>) {
        let revocation = Revocation(partitions: partitions, lost: lost)
        guard events.post(.revocation(revocation)) else { return }
        revocation.finished.wait()
    }

    /// In the loop: `settle` makes every batch in flight durable and marks
    /// it; then `drop` forgets each revoked partition's state. The
    /// consumer's thread goes on afterwards, also when settling throws (the
    /// worker then stops, and nothing is dropped or marked further).
    func perform(settle: () async throws -> Void, drop: (Int32) -> Void) async rethrows {
        defer { finished.signal() }
        try await settle()
        for partition in partitions { drop(partition) }
    }

    /// Lets the consumer's thread go on without the loop (it stopped).
    func release() { finished.signal() }
}
