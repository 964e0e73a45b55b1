import HomewardOperations
import HomewardRuntime
import HomewardTestKit
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import Testing

/// A worker whose readiness the test sets.
final class SettableReadiness: ReadinessReporting {
    private let current: Mutex<WorkerReadiness>
    init(_ readiness: WorkerReadiness) { current = Mutex(readiness) }
    var readiness: WorkerReadiness {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

/// An operations server on a free port, run in a service group as the
/// `homeward` command runs it.
struct RunningServer {
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    static let logger = Logger(label: "operations-test") { _ in SwiftLogNoOpLogHandler() }

    init(metrics: PrometheusExport, workers: [any ReadinessReporting], port requested: Int = 0) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = OperationsServer(configuration: OperationsServerConfiguration(port: requested), metrics: metrics, workers: workers,
                                      logger: Self.logger, listening: { _, port in continuation.yield(port) })
        let group = ServiceGroup(services: [server], logger: Self.logger)
        self.group = group
        task = Task { try await group.run() }
        port = try await withDeadline(.seconds(30), "the operations server listens") {
            var iterator = ports.makeAsyncIterator()
            return await iterator.next() ?? 0
        }
    }

    /// Stops it gracefully and waits until it has.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

@Suite("Operations endpoints over HTTP", .serialized)
struct OperationsServerTests {
    @Test("/health/live answers 200 while the server runs")
    func live() async throws {
        let server = try await RunningServer(metrics: PrometheusExport(), workers: [])
        let answer = try await LocalHTTP.get("/health/live", port: server.port)
        #expect(answer.status == 200)
        try await server.stop()
    }

    @Test("/health/ready answers 503 naming the worker and why until it is ready, then 200")
    func ready() async throws {
        let worker = SettableReadiness(WorkerReadiness(worker: "scheduler", assigned: [], restored: []))
        let server = try await RunningServer(metrics: PrometheusExport(), workers: [worker])
        let before = try await LocalHTTP.get("/health/ready", port: server.port)
        #expect(before.status == 503)
        #expect(before.contentType == "application/json")
        #expect(before.body.contains(#""worker":"scheduler","ready":false,"reason":"no partitions assigned yet""#), "\(before.body)")

        worker.readiness = WorkerReadiness(worker: "scheduler", assigned: [0, 1], restored: [1])
        #expect(try await LocalHTTP.get("/health/ready", port: server.port).body.contains("restoring the state of partition 0"))

        worker.readiness = WorkerReadiness(worker: "scheduler", assigned: [0, 1], restored: [0, 1])
        let after = try await LocalHTTP.get("/health/ready", port: server.port)
        #expect(after.status == 200)
        #expect(after.body.hasPrefix(#"{"ready":true"#))
        try await server.stop()
    }

    @Test("/metrics renders what was recorded through the export's factory in Prometheus' text format")
    func metrics() async throws {
        let export = PrometheusExport()
        Counter(label: WorkerMetricLabel.recordsIn, dimensions: [("worker", "scheduler")], factory: export.factory).increment(by: 3)
        Timer(label: WorkerMetricLabel.stateRestoreDuration, dimensions: [("worker", "scheduler")], factory: export.factory)
            .recordMilliseconds(1_500)
        let server = try await RunningServer(metrics: export, workers: [])
        let answer = try await LocalHTTP.get("/metrics", port: server.port)
        #expect(answer.status == 200)
        #expect(answer.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(answer.body.contains(#"homeward_records_in_total{worker="scheduler"} 3"#), "\(answer.body)")
        #expect(answer.body.contains(#"homeward_state_restore_duration_seconds_bucket{worker="scheduler",le="2.0"} 1"#), "\(answer.body)")
        try await server.stop()
    }

    @Test("a port already in use is an error naming the address and the option to change")
    func portInUse() async throws {
        let first = try await RunningServer(metrics: PrometheusExport(), workers: [])
        let second = OperationsServer(configuration: OperationsServerConfiguration(port: first.port), metrics: PrometheusExport(),
                                      workers: [], logger: RunningServer.logger)
        let error = await #expect(throws: OperationsServerError.self) { try await second.run() }
        #expect(error?.description.contains("127.0.0.1:\(first.port)") == true && error?.description.contains("--http-port") == true,
                "\(String(describing: error))")
        try await first.stop()
    }
}
