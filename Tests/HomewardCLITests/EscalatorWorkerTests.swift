import Foundation
import HomewardTestKit
import Kafka
import Testing

@Suite("homeward worker escalator on the embedded broker", .serialized)
struct EscalatorWorkerTests {
    @Test("the live escalator on the embedded broker produces exactly the escalations `homeward replay` prints for the same history")
    func liveEqualsReplay() async throws {
        let run = try await WorkerRun(.escalator, label: "escalator-live", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let replayed = try await run.replay()
        try #require(!replayed.isEmpty, "the history gives escalations")
        #expect(Set(replayed.map(\.id)).count == replayed.count, "replay gives each id once")
        let reminders = try await run.runSchedulerToCompletion()
        try #require(!reminders.isEmpty, "the scheduler published reminders for the escalator to read")

        let live = try await run.runToCompletion(.escalator, within: .seconds(120))
        run.expectLiveEqualsReplay(live: live, replayed: replayed)

        // escalation-status, read from the start with the last record per case kept, is what `replay --status` prints.
        var compacted: [String: String] = [:]
        for record in try await run.fixture.readToEnd(.escalationStatus) {
            compacted[record.keyString ?? ""] = record.isTombstone ? nil : record.value.map { String(decoding: $0, as: UTF8.self) }
        }
        let status = try await run.replayStatus()
        #expect(!status.isEmpty, "the history leaves open escalations")
        #expect(compacted.keys.sorted() == status.map(\.caseId), "the live topic holds the cases replay --status prints, in case order")
        #expect(compacted.values.sorted() == status.map(\.line).sorted(), "with replay's bytes")
    }

    @Test("replay --status prints each case with an open escalation once, as its last escalation event left it; resolved ones not")
    func replayStatusFollowsEvents() async throws {
        let run = try await WorkerRun(.escalator, label: "escalator-status", cases: 60, months: 14, seed: 5)
        defer { run.stop() }
        // People acknowledge one escalation and resolve another, after the history.
        let raised = try await run.replay().filter { $0.value.contains(#""status":"raised""#) }
        try #require(raised.count >= 2, "the history raises escalations")
        let after = "2099-01-01T00:00:00Z"
        let decisions = [Self.decision("acknowledged", raised[0], at: after), Self.decision("resolved", raised[1], at: after)]
        let history = run.history + ".decided"
        try (String(contentsOfFile: run.history, encoding: .utf8) + decisions.joined(separator: "\n") + "\n")
            .write(toFile: history, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: history) }

        var last: [String: PublishedEvent] = [:]
        for event in try await run.replay(history: history) { last[event.caseId] = event }
        let open = last.filter { !$0.value.value.contains(#""status":"resolved""#) }
        try #require(!open.isEmpty && open.count < last.count, "some escalations open, one resolved")
        #expect(last[raised[0].caseId]?.value.contains(#""status":"acknowledged""#) == true)
        let status = try await run.replayStatus(history: history)
        #expect(status.map(\.caseId) == open.keys.sorted(), "one line per case with an open escalation, by case id")
        for line in status {
            let event = try #require(open[line.caseId]).value
            for field in ["escalationId", "level", "step"] {
                let value = try #require(PublishedEvent.field(field, in: event))
                #expect(PublishedEvent.field(field, in: line.line) == value, "\(line.caseId): \(field)")
            }
            let change = try #require(PublishedEvent.field("status", in: event))
            #expect(PublishedEvent.field("lastChange", in: line.line) == change, "\(line.caseId)")
            if change == "acknowledged" { #expect(PublishedEvent.field("status", in: line.line) == "acknowledged") }
            if change == "raised" || change == "level-raised" { #expect(PublishedEvent.field("status", in: line.line) == "raised") }
        }
    }

    @Test("an escalator killed with SIGKILL and restarted loses no escalation and repeats none with a new id")
    func sigkillAndRestart() async throws {
        let run = try await WorkerRun(.escalator, label: "escalator-crash", cases: 300, months: 18, seed: 11)
        defer { run.stop() }
        let expected = await PublishedEvent.byId(try run.replay(), "replay")
        try #require(expected.count >= 100, "the history gives enough escalations to kill the worker mid-way")
        let reminders = try await run.runSchedulerToCompletion()
        try #require(!reminders.isEmpty, "the scheduler published reminders for the escalator to read")

        // Kill it while it works through its inputs: once it reports a tenth of the events and reminders marked.
        let outAtKill = try await run.killMidWay(.escalator, inputs: run.events + reminders.count, maxBatchSize: 100)
        #expect(outAtKill.count < expected.count, "killed mid-way: \(outAtKill.count) of \(expected.count) escalations were out")

        let published = try await run.runToCompletion(.escalator, maxBatchSize: 100, within: .seconds(120))
        run.expectSameEvents(replay: expected, live: PublishedEvent.byId(published, "live"))
    }

    @Test("the escalator holds reminders until it has been handed the case events the scheduler had read when it wrote them, though case-events looks empty")
    func remindersWaitForTheCaseEventsBeforeThem() async throws {
        // The scheduler's reminders, written on one broker...
        let upstream = try await WorkerRun(.escalator, label: "escalator-upstream", cases: 40, months: 14, seed: 11)
        defer { upstream.stop() }
        _ = try await upstream.runSchedulerToCompletion()
        let reminders = try await upstream.fixture.readToEnd(.reminders)
        try #require(!reminders.isEmpty, "the scheduler published reminders")

        // ...are on another broker's reminders topic, partition for partition, before any case event is.
        let run = try await WorkerRun(.escalator, label: "escalator-held", cases: 40, months: 14, seed: 11, produce: false)
        defer { run.stop() }
        let topic = run.fixture.topic(.reminders)
        _ = try await run.fixture.produce(reminders.map {
            KafkaProducerRecord(topic: topic, partition: $0.partition, key: $0.key, value: $0.value, headers: $0.headers,
                                timestampMilliseconds: $0.timestampMilliseconds)
        })
        let escalator = try WorkerProcess(.escalator, on: run.fixture, logLevel: "notice", extraArguments: ["--http-port", "0"])
        let port = try await escalator.operationsPort()
        let recordsIn = #"homeward_records_in_total{worker="escalator"} "#
        try await waitUntil("the escalator was handed every reminder", within: .seconds(60), every: .milliseconds(200)) {
            let metrics = try await LocalHTTP.get("/metrics", port: port).body
            let line = metrics.split(separator: "\n").first { $0.hasPrefix(recordsIn) }
            return line.flatMap { Double($0.dropFirst(recordsIn.count)) }.map { Int($0) >= reminders.count } ?? false
        }

        // The case events come only now: each reminder must still be taken after those older than it.
        try await run.produceHistory()
        try await run.fixture.waitUntilConsumed(by: escalator.group, [.caseEvents, .reminders], within: .seconds(120))
        let live = try await run.fixture.readToEnd(.escalations).map(PublishedEvent.init)
        try await escalator.stop()
        await run.expectLiveEqualsReplay(live: live, replayed: try run.replay())
    }

    /// An `escalation.<verb>` case event deciding on `escalation`'s escalation at `time`.
    static func decision(_ verb: String, _ escalation: PublishedEvent, at time: String) -> String {
        let escalationId = PublishedEvent.field("escalationId", in: escalation.value) ?? ""
        let data = verb == "acknowledged"
            ? #"{"escalationId":"\#(escalationId)","acknowledgedBy":"sup-0001","acknowledgedAt":"\#(time)"}"#
            : #"{"escalationId":"\#(escalationId)","resolvedBy":"sup-0001","resolvedAt":"\#(time)","outcome":"safety-plan"}"#
        return #"{"specversion":"1.0","id":"test-\#(verb)-\#(escalationId)","source":"/test","type":"org.homeward.escalation.\#(verb).v1","time":"\#(time)","subject":"\#(escalation.caseId)","datacontenttype":"application/json","data":\#(data)}"#
    }
}
