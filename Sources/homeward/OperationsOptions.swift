import ArgumentParser
import HomewardOperations
import HomewardRuntime
import Logging

/// Where a running worker serves its operations endpoints (`/metrics`,
/// `/health/live`, `/health/ready`): off unless `--http-port` is given.
struct OperationsOptions: ParsableArguments {
    @Option(help: "Serve /metrics, /health/live and /health/ready on this port (0: any free port, logged); not served when not given.")
    var httpPort: Int?

    @Option(help: "The address the endpoints listen on (0.0.0.0 to be reached from other hosts, as in a container).")
    var httpHost: String = "127.0.0.1"

    func validate() throws {
        if let httpPort, !(0...65_535).contains(httpPort) {
            throw ValidationError("--http-port must be 0…65535 (0: any free port), not \(httpPort)")
        }
    }

    /// The metrics export the endpoints serve, made the process's metrics
    /// system; nil when the endpoints are off. Call it before any metric is made.
    func bootstrapMetrics() -> PrometheusExport? {
        guard httpPort != nil else { return nil }
        let export = PrometheusExport()
        export.bootstrapMetricsSystem()
        return export
    }

    /// The endpoints' server over `metrics` and `workers`, when `--http-port` is given.
    func server(metrics: PrometheusExport?, workers: [any ReadinessReporting], logger: Logger) -> OperationsServer? {
        guard let httpPort, let metrics else { return nil }
        return OperationsServer(configuration: OperationsServerConfiguration(host: httpHost, port: httpPort), metrics: metrics,
                                workers: workers, logger: logger)
    }
}
