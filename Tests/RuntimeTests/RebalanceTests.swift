import Foundation
import HomewardContract
import HomewardProcessing
import HomewardRuntime
import Kafka
import Testing

/// A worker with timers for the rebalance test: every event is answered, and
/// followed up two hours later.
struct ReminderLogic: WorkerLogic {
    struct Count: StateCodable {
        var events: Int
        func encode(into writer: inout BinaryWriter) { writer.write(events) }
        init(events: Int) { self.events = events }
        init(from reader: inout BinaryReader) throws { events = try reader.readInt() }
    }

    var name: String { "reminder-test" }
    var inputRoles: [TopicRole] { ["case-events"] }
    var stateRole: TopicRole { "reminder-test-state" }
    /// The topics it writes, besides dead-letter.
    static let roles: [TopicRole] = ["reminder-test-out", "reminder-test-state"]

    func handle(_ input: CaseEvent, state: Count?, timers: [DurableTimer], now: Timestamp) -> Effects<Count> {
        let count = (state?.events ?? 0) + 1
        return Effects(outputs: [output("\(input.key)/seen/\(count)", input.key, input.time)],
                       state: .set(Count(events: count)),
                       setTimers: [DurableTimer(id: "remind-\(count)", due: input.time.adding(hours: 2))])
    }

    func fire(_ timer: DurableTimer, key: String, state: Count?, timers: [DurableTimer], now: Timestamp) -> Effects<Count> {
        Effects(outputs: [output("\(key)/\(timer.id)", key, timer.due)])
    }

    func output(_ id: String, _ key: String, _ time: Timestamp) -> OutputRecord {
        OutputRecord(topicRole: "reminder-test-out", key: key, id: id, time: time,
                     value: Array(#"{"id":"\#(id)","time":"\#(time.rfc3339)"}"#.utf8))
    }
}

@Suite("Kafka worker runtime: rebalancing", .serialized)
struct RebalanceTests {
    @Test("when a second instance joins and later leaves, state moves with its partitions and timers fire exactly as in a single-instance replay")
    func stateAndTimersMoveWithPartitions() async throws {
        let fixture = try await RuntimeFixture(roles: ReminderLogic.roles)
        let prefix = fixture.prefix

        // 24 cases, events ten minutes apart in time order.
        let start = try Timestamp(rfc3339: "2026-01-01T00:00:00Z")
        let events: [CaseEvent] = (0..<480).map { n in
            let caseId = "case-\(n % 24)"
            let text = #"{"specversion":"1.0","id":"e-\#(n)","source":"/test","type":"org.homeward.case.reopened.v1","time":"\#(start.adding(minutes: 10 * n).rfc3339)","subject":"\#(caseId)","datacontenttype":"application/json","data":{"reason":"other"}}"#
            return try! CaseEventValidator().validate(text).get()
        }
        var replay = ReplayEngine(logic: ReminderLogic(), partitions: 4)
        var expected: [String: String] = [:]
        for event in events {
            for output in replay.feed(event) { expected[output.id] = output.time.rfc3339 }
        }

        let configuration = WorkerConfiguration(
            client: fixture.client, topicPrefix: prefix, groupID: "rebalance", clock: .stream,
            sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1), maxBatchSize: 20,
            timerTick: .milliseconds(200), commitInterval: .milliseconds(300))
        func makeWorker(counting progress: WorkerProgress) -> KafkaWorker<ReminderLogic> {
            var configuration = configuration
            configuration.metricsFactory = progress
            return KafkaWorker(logic: ReminderLogic(), configuration: configuration, logger: runtimeLogger)
        }
        let firstProgress = WorkerProgress(), secondProgress = WorkerProgress()

        try await fixture.produce(events[0..<160])
        let firstWorker = makeWorker(counting: firstProgress)
        let first = Task { try await firstWorker.run() }
        _ = try await fixture.read("reminder-test-out", atLeast: 150)
        let secondWorker = makeWorker(counting: secondProgress)
        let second = Task { try await secondWorker.run() }
        // Wait until the group has rebalanced onto both members.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline,
              secondWorker.ownedPartitions.isEmpty || firstWorker.ownedPartitions.count + secondWorker.ownedPartitions.count != 4 {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!secondWorker.ownedPartitions.isEmpty, "the second instance was given partitions")
        #expect(Set(firstWorker.ownedPartitions).isDisjoint(with: secondWorker.ownedPartitions))
        try await fixture.produce(events[160..<320])
        _ = await secondProgress.reached(WorkerMetricLabel.recordsMarked, 1, within: .seconds(60))
        _ = try await fixture.read("reminder-test-out", atLeast: 450)
        second.cancel()
        try await second.value
        try await fixture.produce(events[320..<480])
        let outputs = try await fixture.read("reminder-test-out", atLeast: expected.count, within: .seconds(90))
        first.cancel()
        try await first.value

        var seen: [String: String] = [:]
        for record in outputs {
            let text = record.text
            guard let idRange = text.range(of: #""id":""#), let idEnd = text[idRange.upperBound...].firstIndex(of: "\""),
                  let timeRange = text.range(of: #""time":""#), let timeEnd = text[timeRange.upperBound...].firstIndex(of: "\"")
            else { continue }
            let id = String(text[idRange.upperBound..<idEnd])
            let time = String(text[timeRange.upperBound..<timeEnd])
            if let earlier = seen[id] { #expect(earlier == time, "a repeat of \(id) carries the same content") }
            seen[id] = time
        }
        #expect(secondProgress.count(WorkerMetricLabel.recordsMarked) > 0, "the second instance took partitions over")
        #expect(firstProgress.count(WorkerMetricLabel.recordsMarked) > 160, "the first took them back when the second left")
        #expect(Set(seen.keys) == Set(expected.keys),
                "missing \(Set(expected.keys).subtracting(seen.keys).sorted().prefix(5)), extra \(Set(seen.keys).subtracting(expected.keys).sorted().prefix(5))")
        #expect(seen == expected, "every timer fired at the time the single-instance replay fires it")
    }
}
