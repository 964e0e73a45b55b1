import HomewardContract
import HomewardProcessing
import Testing

/// ``FollowUpLogic``'s rules written the other way: they change the state in
/// place (as the scheduler does) instead of returning a new one.
struct InPlaceFollowUpLogic: WorkerLogic {
    let pure = FollowUpLogic()
    var name: String { pure.name }
    var inputRoles: [TopicRole] { pure.inputRoles }
    var stateRole: TopicRole { pure.stateRole }

    func handle(_ input: CaseEvent, state: FollowUpLogic.Count?, timers: [DurableTimer], now: Timestamp) -> Effects<FollowUpLogic.Count> {
        pure.handle(input, state: state, timers: timers, now: now)
    }

    func fire(_ timer: DurableTimer, key: String, state: FollowUpLogic.Count?, timers: [DurableTimer], now: Timestamp) -> Effects<FollowUpLogic.Count> {
        pure.fire(timer, key: key, state: state, timers: timers, now: now)
    }

    func handle(_ input: CaseEvent, updating state: inout FollowUpLogic.Count?, timers: [DurableTimer], now: Timestamp) -> Effects<FollowUpLogic.Count> {
        if input.type == .caseClosed {
            state = nil
            return Effects(outputs: [pure.output("closed", input.key, input.time, now)], cancelTimers: timers.map(\.id))
        }
        if case .none = state { state = FollowUpLogic.Count(events: 0, last: input.time) }
        state!.events += 1
        state!.last = input.time
        return Effects(
            outputs: [pure.output("seen-\(state!.events)", input.key, input.time, now)],
            setTimers: [DurableTimer(id: "follow-up", due: input.time.adding(days: 1), payload: Array("\(state!.events)".utf8))])
    }
}

@Suite("Rules that change the state in place")
struct InPlaceRulesTests {
    let wall = Timestamp(millisecondsSinceEpoch: 0)

    @Test("rules that change the state in place give the same outputs, changelog writes and timers as the same rules returning a new state")
    func sameAsPure() throws {
        var pure = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        var inPlace = PartitionProcessor(logic: InPlaceFollowUpLogic(), clock: .stream)
        let events = [
            reopened("case-a", "2026-01-01T10:00:00Z"), reopened("case-b", "2026-01-01T11:00:00Z"),
            reopened("case-a", "2026-01-01T12:00:00Z"), reopened("case-a", "2026-01-03T09:00:00Z"),
            closed("case-b", "2026-01-03T10:00:00Z"), reopened("case-b", "2026-01-04T10:00:00Z"),
        ]
        for event in events {
            let expected = try pure.process(event, wallNow: wall)
            let step = try inPlace.process(event, wallNow: wall)
            #expect(step.ids == expected.ids)
            #expect(step.texts == expected.texts)
            #expect(step.changelog == expected.changelog, "the state changed in place is what gets written")
        }
        let end = try Timestamp(rfc3339: "2026-02-01T00:00:00Z")
        #expect(inPlace.advance(to: end).ids == pure.advance(to: end).ids)
        #expect(inPlace.store.keyCount == pure.store.keyCount)
        #expect(try inPlace.store.record(for: "case-b")?.state?.events == 1, "closing deleted the count; reopening started again")
    }

    @Test("a state set to nil in place, with no timers left, deletes the key: a tombstone")
    func deletedInPlace() throws {
        var processor = PartitionProcessor(logic: InPlaceFollowUpLogic(), clock: .stream)
        _ = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: wall)
        let close = try processor.process(closed("case-a", "2026-01-01T11:00:00Z"), wallNow: wall)
        #expect(close.changelog == [ChangelogWrite(key: "case-a", value: nil)])
        #expect(processor.store.keyCount == 0)
        #expect(processor.store.timersPending == 0)
    }
}
