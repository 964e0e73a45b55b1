public import Hummingbird
public import HomewardRuntime

/// The operations endpoints:
/// - `GET /metrics`: every metric in Prometheus' text format;
/// - `GET /health/live`: 200 while the process runs;
/// - `GET /health/ready`: 200 once every worker has its partitions
///   assigned and their state restored, else 503; the body
///   (``ProcessReadiness/json``) says which worker is not ready and why.
public enum OperationsRoutes {
    /// Adds the routes serving `metrics` and the readiness of `workers` to `router`.
    public static func add<Context: RequestContext>(to router: Router<Context>, metrics: PrometheusExport,
                                                    workers: [any ReadinessReporting]) {
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.rendered())))
        }
        router.get("/health/live") { _, _ in
            Self.json(.ok, #"{"live":true}"#)
        }
        router.get("/health/ready") { _, _ in
            let readiness = ProcessReadiness(workers.map(\.readiness))
            return Self.json(readiness.isReady ? .ok : .serviceUnavailable, readiness.json)
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}
