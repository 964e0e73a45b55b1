import HomewardContract
import HomewardProcessing
import Testing

/// A worker that sets two timers due at the same moment on every event, so
/// that timers tie on their due time within a key and across keys.
/// Its state is ``FollowUpLogic``'s count.
private struct TwinTimersLogic: WorkerLogic {
    typealias Seen = FollowUpLogic.Count

    var name: String { "twin-timers" }
    var inputRoles: [TopicRole] { ["case-events"] }
    var stateRole: TopicRole { "twin-timers-state" }

    func handle(_ input: CaseEvent, state: Seen?, timers: [DurableTimer], now: Timestamp) -> Effects<Seen> {
        let due = input.time.adding(days: 1)
        return Effects(state: .set(Seen(events: (state?.events ?? 0) + 1, last: input.time)),
                       setTimers: [DurableTimer(id: "b", due: due), DurableTimer(id: "a", due: due)])
    }

    func fire(_ timer: DurableTimer, key: String, state: Seen?, timers: [DurableTimer], now: Timestamp) -> Effects<Seen> {
        Effects(outputs: [OutputRecord(topicRole: "outputs", key: key, id: "\(key)/\(timer.id)", time: timer.due, value: [])])
    }
}

@Suite("Timers that tie on their due time")
struct TimerOrderTests {
    let wall = Timestamp(millisecondsSinceEpoch: 0)

    @Test("timers due at the same moment fire once each, by key then id, from stored state")
    func tiesFromStoredState() throws {
        var processor = PartitionProcessor(logic: TwinTimersLogic(), clock: .stream)
        _ = try processor.process(reopened("case-k", "2026-01-01T10:00:00Z"), wallNow: wall)
        _ = try processor.process(reopened("case-j", "2026-01-01T10:00:00Z"), wallNow: wall)
        #expect(processor.store.timersPending == 4)

        let fired = processor.advance(to: try Timestamp(rfc3339: "2026-01-02T10:00:00Z"))
        #expect(fired.ids == ["case-j/a", "case-j/b", "case-k/a", "case-k/b"])
        #expect(processor.store.timersPending == 0)
        #expect(processor.advance(to: try Timestamp(rfc3339: "2026-02-01T00:00:00Z")).outputs.isEmpty)
    }

    @Test("timers due at the same moment fire once each, by key then id, while their key is held within a batch")
    func tiesWhileHeld() throws {
        var processor = PartitionProcessor(logic: TwinTimersLogic(), clock: .stream)
        var batch = StepResult()
        try processor.process(reopened("case-k", "2026-01-01T10:00:00Z"), wallNow: wall, into: &batch)
        try processor.process(reopened("case-j", "2026-01-01T10:00:00Z"), wallNow: wall, into: &batch)
        // Both keys are still held (their writes not taken) when their timers come due.
        try processor.process(reopened("case-z", "2026-01-03T10:00:00Z"), wallNow: wall, into: &batch)
        #expect(batch.ids == ["case-j/a", "case-j/b", "case-k/a", "case-k/b"])
        #expect(processor.store.timersPending == 2)  // case-z's

        processor.takeStateWrites(into: &batch)
        let later = processor.advance(to: try Timestamp(rfc3339: "2026-01-04T10:00:00Z"))
        #expect(later.ids == ["case-z/a", "case-z/b"])
    }
}
