import HomewardProcessing
import Metrics

/// The metrics a worker reports (exported by the operations layer); see
/// ``WorkerMetricLabel``.
struct WorkerMetrics: Sendable {
    let worker: String
    let factory: any MetricsFactory
    let recordsIn: Counter
    let recordsMarked: Counter
    let recordsOut: Counter
    let timerChecks: Counter

    /// `worker`'s metrics, made by `factory` (the global metrics system's when nil).
    init(worker: String, factory: (any MetricsFactory)?) {
        self.worker = worker
        self.factory = factory ?? MetricsSystem.factory
        recordsIn = Counter(label: WorkerMetricLabel.recordsIn, dimensions: [("worker", worker)], factory: self.factory)
        recordsMarked = Counter(label: WorkerMetricLabel.recordsMarked, dimensions: [("worker", worker)], factory: self.factory)
        recordsOut = Counter(label: WorkerMetricLabel.recordsOut, dimensions: [("worker", worker)], factory: self.factory)
        timerChecks = Counter(label: WorkerMetricLabel.timerChecks, dimensions: [("worker", worker)], factory: self.factory)
    }

    func deadLetters(_ reason: String) -> Counter {
        Counter(label: WorkerMetricLabel.deadLetters, dimensions: [("worker", worker), ("reason", reason)], factory: factory)
    }

    func lag(_ topic: String, _ partition: Int32) -> Gauge {
        Gauge(label: WorkerMetricLabel.consumerLag, dimensions: [("worker", worker), ("topic", topic), ("partition", "\(partition)")],
              factory: factory)
    }

    func timersPending(_ partition: Int32) -> Gauge {
        Gauge(label: WorkerMetricLabel.timersPending, dimensions: [("worker", worker), ("partition", "\(partition)")], factory: factory)
    }

    /// The counter `metric` names, for this worker.
    func output(_ metric: OutputMetric) -> Counter {
        Counter(label: metric.label, dimensions: [("worker", worker)] + metric.dimensions.map { ($0.name, $0.value) }, factory: factory)
    }

    var stateRestoreDuration: Timer {
        Timer(label: WorkerMetricLabel.stateRestoreDuration, dimensions: [("worker", worker)], factory: factory)
    }
}
