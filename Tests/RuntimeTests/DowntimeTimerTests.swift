import HomewardContract
import HomewardProcessing
import HomewardRuntime
import Kafka
import Testing

@Suite("Kafka worker runtime: timers across downtime", .serialized)
struct DowntimeTimerTests {
    @Test("a timer that came due while the worker was down fires once after restore (wall clock)")
    func timerDueDuringDowntime() async throws {
        let fixture = try await RuntimeFixture(roles: ReminderLogic.roles, partitions: 2)
        let prefix = fixture.prefix
        // The reminder comes due 2 h after the event: 1 h from now. The first
        // worker runs on the real clock; the second on a clock 2 h ahead, as
        // if it started after 2 h of downtime (no race with the real clock).
        let now = Timestamp.now
        let text = #"{"specversion":"1.0","id":"e-1","source":"/test","type":"org.homeward.case.reopened.v1","time":"\#(now.adding(hours: -1).rfc3339)","subject":"case-1","datacontenttype":"application/json","data":{"reason":"other"}}"#
        try await fixture.produce([try CaseEventValidator().validate(text).get()][...])

        var configuration = WorkerConfiguration(
            client: fixture.client, topicPrefix: prefix, groupID: "downtime", clock: .wall,
            sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1), timerTick: .milliseconds(200),
            commitInterval: .milliseconds(300))
        let firstProgress = WorkerProgress()
        configuration.metricsFactory = firstProgress
        let first = Task { [configuration] in try await KafkaWorker(logic: ReminderLogic(), configuration: configuration, logger: runtimeLogger).run() }
        #expect(try await fixture.read("reminder-test-out", atLeast: 1).map(\.text).allSatisfy { $0.contains("/seen/") })
        let checked = firstProgress.count(WorkerMetricLabel.timerChecks)
        #expect(await firstProgress.reached(WorkerMetricLabel.timerChecks, checked + 3, within: .seconds(30)) != nil,
                "the first worker looked for due timers a few times: the timer is not due yet")
        first.cancel()
        try await first.value
        #expect(try await fixture.readToEnd("reminder-test-out").count == 1, "nothing fired before the downtime")

        configuration.wallClock = { Timestamp.now.adding(hours: 2) }
        let secondProgress = WorkerProgress()
        configuration.metricsFactory = secondProgress
        let second = Task { [configuration] in try await KafkaWorker(logic: ReminderLogic(), configuration: configuration, logger: runtimeLogger).run() }
        #expect(try await fixture.read("reminder-test-out", atLeast: 2, within: .seconds(30)).count >= 2, "the timer fired after the restore")
        // Once their outputs are out, the second worker has processed everything before them;
        // a few timer checks later, a timer firing twice would have fired again.
        let sentinels = try await fixture.produceSentinels()
        #expect(try await fixture.awaitOutputs(of: sentinels, in: "reminder-test-out"))
        let secondChecked = secondProgress.count(WorkerMetricLabel.timerChecks)
        #expect(await secondProgress.reached(WorkerMetricLabel.timerChecks, secondChecked + 3, within: .seconds(30)) != nil)
        second.cancel()
        try await second.value

        let outputs = try await fixture.readToEnd("reminder-test-out").filter { $0.keyString == "case-1" }.map(\.text)
        #expect(outputs.filter { $0.contains("case-1/remind-1") }.count == 1, "fired exactly once: \(outputs)")
        #expect(outputs.filter { $0.contains("/seen/") }.count == 1, "the event was not processed again")
    }
}
