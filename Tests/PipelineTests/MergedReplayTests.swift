import HomewardContract
import HomewardEscalation
import HomewardPipeline
import HomewardProcessing
import Testing

/// A worker with the escalator's inputs that writes down the order it is
/// given them: an output per input, named for it, and one two hours after
/// each case event, from a timer.
private struct InputOrderProbe: WorkerLogic {
    var name: String { "input-order-probe" }
    var inputRoles: [TopicRole] { [.caseEvents, .reminders] }
    var stateRole: TopicRole { "input-order-probe-state" }

    func handle(_ input: EscalatorInput, state: PassThroughWorker.Seen?, timers: [DurableTimer], now: Timestamp)
        -> Effects<PassThroughWorker.Seen> {
        let later: [DurableTimer] = input.role == .caseEvents ? [DurableTimer(id: "after-\(input.id)", due: input.time.adding(hours: 2))] : []
        return Effects(outputs: [output(input.id, key: input.key, at: now)], setTimers: later)
    }

    func fire(_ timer: DurableTimer, key: String, state: PassThroughWorker.Seen?, timers: [DurableTimer], now: Timestamp)
        -> Effects<PassThroughWorker.Seen> {
        Effects(outputs: [output(timer.id, key: key, at: now)])
    }

    func output(_ id: String, key: String, at time: Timestamp) -> OutputRecord {
        OutputRecord(topicRole: "probe", key: key, id: id, time: time, value: [])
    }
}

extension EscalatorInput {
    /// The topic the input is read from.
    var role: TopicRole {
        if case .caseEvent = self { .caseEvents } else { .reminders }
    }
}

@Suite("Merged replay: a worker's inputs merged per partition")
struct MergedReplayTests {
    /// Two cases, on different partitions of two.
    let first = SpecifiedCase(id: "case-000001", caseworker: "cw-0001")
    let second = SpecifiedCase(id: "case-000003", caseworker: "cw-0002")

    /// An overdue-visit reminder `id` about `specified`, scheduled for `time`.
    func reminder(_ id: String, of specified: SpecifiedCase, at time: Timestamp) -> Reminder {
        Reminder(reminderId: Identifier(trusted: id), kind: .visitOverdue, caseId: specified.id, scheduledFor: time,
                 dueAt: day(0), occurrence: 2,
                 contact: CaseContact(caseworkerId: specified.caseworker, teamId: "team-north", language: .en, timezone: .amsterdam),
                 notify: [.caseworker])
    }

    /// The partition of `specified` among two.
    func partition(of specified: SpecifiedCase) -> Int {
        ReplayEngine(logic: InputOrderProbe(), partitions: 2).partition(of: specified.id.rawValue)
    }

    /// A replay of the probe over two partitions.
    fileprivate func probe() -> MergedReplay<InputOrderProbe> { MergedReplay(logic: InputOrderProbe(), partitions: 2) }

    /// Takes `inputs`, in order, each from its topic; returns the ids of the outputs.
    fileprivate func take(_ inputs: [EscalatorInput], into replay: inout MergedReplay<InputOrderProbe>) -> [String] {
        var ids: [String] = []
        for input in inputs { replay.take(input, from: input.role) { ids.append($0.id) } }
        return ids
    }

    @Test("a reminder waits for a later case event of its partition, and goes before it")
    func reminderWaitsForALaterEvent() throws {
        try #require(partition(of: first) != partition(of: second))
        var replay = probe()
        let otherPartition = second.opened(at: day(3)), later = first.closed(at: day(3))
        #expect(take([.reminder(reminder("r-day-2", of: first, at: day(2))), .caseEvent(otherPartition)], into: &replay)
            == [otherPartition.id.rawValue])
        #expect(take([.caseEvent(later)], into: &replay) == ["r-day-2", later.id.rawValue])
    }

    @Test("a case event goes before a reminder of the same time")
    func caseEventFirstAtEqualTimes() {
        var replay = probe()
        let signal = first.reported(.neglect, severity: 1, at: day(2)), later = first.closed(at: day(4))
        let ids = take([.reminder(reminder("r-day-2", of: first, at: day(2))), .caseEvent(signal), .caseEvent(later)], into: &replay)
        #expect(ids == [signal.id.rawValue, "r-day-2", "after-\(signal.id.rawValue)", later.id.rawValue])
    }

    @Test("at the end, the reminders still waiting go, partition by partition, then the timers due fire")
    func endReleasesWaitingReminders() throws {
        try #require(partition(of: first) != partition(of: second))
        var replay = probe()
        let signal = first.reported(.neglect, severity: 1, at: day(1)), other = second.reported(.neglect, severity: 1, at: day(1))
        let fed = take([.caseEvent(signal), .caseEvent(other), .reminder(reminder("r-1", of: first, at: day(1, hours: 1))),
                        .reminder(reminder("r-2", of: second, at: day(1)))], into: &replay)
        #expect(fed == [signal.id.rawValue, other.id.rawValue])
        var ids: [String] = []
        replay.finish(until: day(2)) { ids.append($0.id) }
        let (waiting, timers) = (["r-1", "r-2"], ["after-\(signal.id.rawValue)", "after-\(other.id.rawValue)"])
        #expect(ids == (partition(of: first) == 0 ? waiting + timers : waiting.reversed() + timers.reversed()))
    }

    @Test("an earlier stage's output is taken by the topic it was written to; one that does not decode is dropped, others are left")
    func recordsByTopic() {
        var replay = probe()
        let key = first.id.rawValue
        let records = [
            OutputRecord(topicRole: .reminders, key: key, id: "r-0", time: day(1), value: Array("{}".utf8)),
            OutputRecord(topicRole: .reminders, key: key, id: "r-1", time: day(1), value: reminder("r-1", of: first, at: day(1)).encoded()),
            OutputRecord(topicRole: .escalations, key: key, id: "x-1", time: day(1), value: []),
        ]
        var ids: [String] = []
        for record in records { replay.take(record) { ids.append($0.id) } }
        replay.finish(until: day(1)) { ids.append($0.id) }
        #expect(ids == ["r-1"])
    }
}
