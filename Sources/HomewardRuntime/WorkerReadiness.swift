/// Whether a worker is ready to do its work: the group has assigned it
/// input partitions and it has restored their state. A worker with no
/// partitions assigned yet is not ready (it has joined no group, or the
/// group has more members than partitions); neither is one still
/// restoring, nor one whose partitions are being revoked.
public struct WorkerReadiness: Sendable, Hashable {
    /// The worker's name (``HomewardProcessing/WorkerLogic/name``).
    public var worker: String
    /// The partitions of its first input the group has assigned it, in order.
    public var assigned: [Int32]
    /// Those of them whose state is restored, in order.
    public var restored: [Int32]

    /// Creates a readiness report.
    public init(worker: String, assigned: [Int32], restored: [Int32]) {
        self.worker = worker
        self.assigned = assigned
        self.restored = restored
    }

    /// Whether it has partitions and every one of them is restored.
    public var isReady: Bool { obstacle == nil }

    /// Why it is not ready, in a few words (nil when it is).
    public var obstacle: String? {
        if assigned.isEmpty { return "no partitions assigned yet" }
        let restoring = assigned.filter { !restored.contains($0) }
        guard restoring.isEmpty else {
            return "restoring the state of partition\(restoring.count == 1 ? "" : "s") \(restoring.map(String.init).joined(separator: ", "))"
        }
        return nil
    }
}
