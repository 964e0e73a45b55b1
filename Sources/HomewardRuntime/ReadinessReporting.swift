/// Something running in the process whose readiness counts towards the
/// process's (`/health/ready`): each ``KafkaWorker``.
public protocol ReadinessReporting: Sendable {
    /// Where it stands now.
    var readiness: WorkerReadiness { get }
}
