public import HomewardRuntime
public import Hummingbird
public import Logging
public import ServiceLifecycle
import Synchronization

/// An HTTP server for Homeward's endpoints, on Hummingbird: a `Service` to
/// run in the same group as the workers it reports on. By default it serves
/// the operations endpoints (``OperationsRoutes``); the escalation board
/// serves its own router, with the operations routes added to it, through
/// ``init(configuration:router:endpoints:logger:listening:)``. Put it first
/// in the group: a group stops its services in reverse order, so the
/// endpoints answer (not ready, with the metrics) while the workers drain,
/// and stop last.
public struct OperationsServer: Service {
    private let configuration: OperationsServerConfiguration
    private let endpoints: String
    private let logger: Logger
    private let listening: @Sendable (_ host: String, _ port: Int) -> Void
    private let serve: @Sendable (_ server: OperationsServer, _ bound: BindingState) async throws -> Void

    /// Serves `metrics` and the readiness of `workers` where `configuration`
    /// says; `listening` is told the address once the port is bound (after
    /// the notice the server logs).
    public init(configuration: OperationsServerConfiguration, metrics: PrometheusExport, workers: [any ReadinessReporting],
                logger: Logger, listening: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }) {
        self.init(configuration: configuration, router: {
            let router = Router()
            OperationsRoutes.add(to: router, metrics: metrics, workers: workers)
            return router
        }, endpoints: "/metrics /health/live /health/ready", logger: logger,
                  listening: listening)
    }

    /// Serves the router `router` makes, whose routes `endpoints` names for the log, where `configuration` says.
    public init<Context: RequestContext>(configuration: OperationsServerConfiguration, router: @escaping @Sendable () -> Router<Context>,
                                         endpoints: String,
                                         logger: Logger, listening: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in })
    where Context.Source == ApplicationRequestContextSource {
        self.configuration = configuration
        self.endpoints = endpoints
        self.logger = logger
        self.listening = listening
        serve = { server, bound in
            let application = Application(
                router: router(),
                configuration: ApplicationConfiguration(address: .hostname(server.configuration.host, port: server.configuration.port),
                                                        serverName: nil),
                onServerRunning: { channel in server.bound(port: channel.localAddress?.port ?? 0, bound) },
                logger: server.logger)
            try await application.run()
        }
    }

    /// Serves until graceful shutdown or cancellation.
    ///
    /// - Throws: ``OperationsServerError`` when the address cannot be
    ///   bound; what the server throws later, as it is.
    public func run() async throws {
        let bound = BindingState()
        do {
            try await serve(self, bound)
        } catch where !bound.done.load(ordering: .acquiring) {
            throw OperationsServerError(host: configuration.host, port: configuration.port, underlying: "\(error)")
        }
    }

    private func bound(port: Int, _ state: BindingState) {
        state.done.store(true, ordering: .releasing)
        logger.notice("operations endpoints listening", metadata: [
            "http.host": "\(configuration.host)", "http.port": "\(port)", "endpoints": "\(endpoints)",
        ])
        listening(configuration.host, port)
    }
}

/// Whether the server got as far as listening: an error before is one of binding.
final class BindingState: Sendable {
    let done = Atomic(false)
}
