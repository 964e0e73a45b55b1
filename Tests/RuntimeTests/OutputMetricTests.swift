import HomewardContract
import HomewardProcessing
import HomewardRuntime
import Metrics
import MetricsTestKit
import Testing

/// Answers each case event with two outputs: one counted by its case
/// (``OutputMetric``), one counted in the output total only.
struct CountedLogic: WorkerLogic {
    struct Nothing: StateCodable {
        func encode(into writer: inout BinaryWriter) {}
        init() {}
        init(from reader: inout BinaryReader) throws {}
    }

    static let label = "test_outputs_total"
    static let roles: [TopicRole] = ["counted-test-out", "counted-test-state"]
    var name: String { "counted-test" }
    var inputRoles: [TopicRole] { ["case-events"] }
    var stateRole: TopicRole { "counted-test-state" }

    func handle(_ input: CaseEvent, state: Nothing?, timers: [DurableTimer], now: Timestamp) -> Effects<Nothing> {
        let metric = OutputMetric(label: Self.label, dimensions: [OutputMetric.Dimension("case", input.key)])
        return Effects(outputs: [
            OutputRecord(topicRole: "counted-test-out", key: input.key, id: "\(input.id)/counted", time: input.time, value: [], metric: metric),
            OutputRecord(topicRole: "counted-test-out", key: input.key, id: "\(input.id)/plain", time: input.time, value: []),
        ])
    }

    func fire(_ timer: DurableTimer, key: String, state: Nothing?, timers: [DurableTimer], now: Timestamp) -> Effects<Nothing> { .none }
}

@Suite("Output metrics: records counted by what the rules know of them", .serialized)
struct OutputMetricTests {
    @Test("a produced output naming a counter adds one to it, with the worker and its own dimensions; other outputs count in the total only")
    func countedByDimensions() async throws {
        let fixture = try await RuntimeFixture(roles: CountedLogic.roles)
        try await fixture.produce((0..<30).map { ("case-\($0 % 3)", caseEvent("case-\($0 % 3)", $0)) })
        let metrics = TestMetrics()
        var configuration = fixture.workerConfiguration(group: "counted")
        configuration.metricsFactory = metrics

        let task = Task { [configuration] in try await KafkaWorker(logic: CountedLogic(), configuration: configuration, logger: runtimeLogger).run() }
        #expect(try await fixture.read("counted-test-out", atLeast: 60).count == 60)
        task.cancel()
        try await task.value

        for caseId in ["case-0", "case-1", "case-2"] {
            let counter = try metrics.expectCounter(CountedLogic.label, [("worker", "counted-test"), ("case", caseId)])
            #expect(counter.totalValue == 10, "\(caseId)")
        }
        #expect(metrics.counterTotal(label: WorkerMetricLabel.recordsOut) == 60)
    }

    @Test("reminders count by kind, escalations by level and status, always after the worker")
    func domainCounters() {
        #expect(OutputMetric.reminder(.visitOverdue) == OutputMetric(label: "homeward_reminders_total", dimensions: [.init("kind", "visit-overdue")]))
        #expect(OutputMetric.escalation(level: .urgent, status: .levelRaised)
            == OutputMetric(label: "homeward_escalations_total", dimensions: [.init("level", "urgent"), .init("status", "level-raised")]))
        #expect(WorkerMetricLabel.reminders == OutputMetric.remindersLabel)
    }
}
