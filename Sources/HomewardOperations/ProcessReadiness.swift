public import HomewardRuntime

/// Whether the process is ready (`/health/ready`): it runs at least one
/// worker, and every one of them has its partitions assigned and their
/// state restored (``HomewardRuntime/WorkerReadiness``).
public struct ProcessReadiness: Sendable, Hashable {
    /// Each worker's readiness, in the order the process runs them.
    public var workers: [WorkerReadiness]

    /// The readiness of `workers`.
    public init(_ workers: [WorkerReadiness]) {
        self.workers = workers
    }

    /// Whether there are workers and each is ready.
    public var isReady: Bool { !workers.isEmpty && workers.allSatisfy(\.isReady) }

    /// The report's body: `ready`, and per worker its name, `ready`, the
    /// reason when not, and the partitions assigned and restored.
    public var json: String {
        JSONText.object([
            ("ready", "\(isReady)"),
            ("workers", JSONText.array(workers.map(Self.json))),
        ])
    }

    private static func json(_ worker: WorkerReadiness) -> String {
        var members: [(name: String, json: String)] = [("worker", JSONText.quoted(worker.worker)), ("ready", "\(worker.isReady)")]
        if let obstacle = worker.obstacle { members.append(("reason", JSONText.quoted(obstacle))) }
        members.append(("assigned", JSONText.array(worker.assigned.map(String.init))))
        members.append(("restored", JSONText.array(worker.restored.map(String.init))))
        return JSONText.object(members)
    }
}
