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
        let first = Task { [configuration] in try await KafkaWorker(logic: ReminderLogic(), configuration: configuration, logger: runtimeLogger).run() }
        #expect(try await fixture.read("reminder-test-out", atLeast: 1).map(\.text).allSatisfy { $0.contains("/seen/") })
        try await Task.sleep(for: .seconds(1))  // a few timer ticks: the timer is not due yet
        first.cancel()
        try await first.value
        #expect(try await fixture.read("reminder-test-out", atLeast: .max, within: .seconds(1)).count == 1, "nothing fired before the downtime")

        configuration.wallClock = { Timestamp.now.adding(hours: 2) }
        let second = Task { [configuration] in try await KafkaWorker(logic: ReminderLogic(), configuration: configuration, logger: runtimeLogger).run() }
        _ = try await fixture.read("reminder-test-out", atLeast: 2, within: .seconds(30))
        try await Task.sleep(for: .seconds(2))
        second.cancel()
        try await second.value

        let outputs = try await fixture.read("reminder-test-out", atLeast: .max, within: .seconds(3)).map(\.text)
        #expect(outputs.filter { $0.contains("case-1/remind-1") }.count == 1, "fired exactly once: \(outputs)")
        #expect(outputs.filter { $0.contains("/seen/") }.count == 1, "the event was not processed again")
    }
}
