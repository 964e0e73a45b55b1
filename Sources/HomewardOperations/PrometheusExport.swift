import HomewardRuntime
public import Prometheus
import Metrics

/// Where the process's metrics are kept for `/metrics`: a Prometheus
/// registry, and the swift-metrics factory that fills it, with histogram
/// buckets fitted to Homeward's timers (a restore takes up to minutes, an
/// SMTP reply up to the minutes RFC 5321 allows).
public struct PrometheusExport: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The factory that makes metrics in ``registry``.
    public let factory: PrometheusMetricsFactory

    /// An export into a registry of its own.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            WorkerMetricLabel.stateRestoreDuration: [
                .milliseconds(10), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
                .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
            ],
            WorkerMetricLabel.smtpCommandDuration: [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
            ],
        ]
        self.factory = factory
    }

    /// Makes ``factory`` the process's metrics factory (once per process,
    /// before the workers and the SMTP client are made).
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(factory)
    }

    /// Every metric, in Prometheus' text format.
    public func rendered() -> [UInt8] {
        registry.emitToBuffer()
    }
}
