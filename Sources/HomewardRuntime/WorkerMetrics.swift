import Metrics

/// The metrics a worker reports (exported by the operations layer).
struct WorkerMetrics: Sendable {
    let worker: String
    let recordsIn: Counter
    let recordsOut: Counter

    init(worker: String) {
        self.worker = worker
        recordsIn = Counter(label: "homeward_records_in_total", dimensions: [("worker", worker)])
        recordsOut = Counter(label: "homeward_records_out_total", dimensions: [("worker", worker)])
    }

    func deadLetters(_ reason: String) -> Counter {
        Counter(label: "homeward_dead_letters_total", dimensions: [("worker", worker), ("reason", reason)])
    }

    func lag(_ topic: String, _ partition: Int32) -> Gauge {
        Gauge(label: "homeward_consumer_lag", dimensions: [("worker", worker), ("topic", topic), ("partition", "\(partition)")])
    }

    func timersPending(_ partition: Int32) -> Gauge {
        Gauge(label: "homeward_timers_pending", dimensions: [("worker", worker), ("partition", "\(partition)")])
    }
}
