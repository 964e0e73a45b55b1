public import HomewardRuntime
import Hummingbird
public import Logging
public import ServiceLifecycle
import Synchronization

/// The operations endpoints over HTTP (``OperationsRoutes``), on
/// Hummingbird: a `Service` to run in the same group as the workers it
/// reports on. Put it first in the group: a group stops its services in
/// reverse order, so the endpoints answer (not ready, with the metrics)
/// while the workers drain, and stop last.
public struct OperationsServer: Service {
    private let configuration: OperationsServerConfiguration
    private let metrics: PrometheusExport
    private let workers: [any ReadinessReporting]
    private let logger: Logger
    private let listening: @Sendable (_ host: String, _ port: Int) -> Void

    /// Serves `metrics` and the readiness of `workers` where `configuration`
    /// says; `listening` is told the address once the port is bound (after
    /// the notice the server logs).
    public init(configuration: OperationsServerConfiguration, metrics: PrometheusExport, workers: [any ReadinessReporting],
                logger: Logger, listening: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }) {
        self.configuration = configuration
        self.metrics = metrics
        self.workers = workers
        self.logger = logger
        self.listening = listening
    }

    /// Serves until graceful shutdown or cancellation.
    ///
    /// - Throws: ``OperationsServerError`` when the address cannot be
    ///   bound; what the server throws later, as it is.
    public func run() async throws {
        let host = configuration.host, logger = self.logger, listening = self.listening
        let bound = BindingState()
        let application = Application(
            router: OperationsRoutes.router(metrics: metrics, workers: workers),
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                bound.done.store(true, ordering: .releasing)
                logger.notice("operations endpoints listening", metadata: [
                    "http.host": "\(host)", "http.port": "\(port)", "endpoints": "/metrics /health/live /health/ready",
                ])
                listening(host, port)
            },
            logger: logger)
        do {
            try await application.run()
        } catch where !bound.done.load(ordering: .acquiring) {
            throw OperationsServerError(host: host, port: configuration.port, underlying: "\(error)")
        }
    }
}

/// Whether the server got as far as listening: an error before is one of binding.
private final class BindingState: Sendable {
    let done = Atomic(false)
}
