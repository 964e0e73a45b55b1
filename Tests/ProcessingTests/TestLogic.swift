import HomewardContract
import HomewardProcessing

/// A small worker for the runtime's tests: counts events per case, follows
/// each event up a day later, and forgets a case when it closes.
struct FollowUpLogic: WorkerLogic {
    struct Count: StateCodable {
        var events: Int
        var last: Timestamp
        func encode(into writer: inout BinaryWriter) {
            writer.write(events)
            writer.write(last)
        }
        init(events: Int, last: Timestamp) { self.events = events; self.last = last }
        init(from reader: inout BinaryReader) throws {
            events = try reader.readInt()
            last = try reader.readTimestamp()
        }
    }

    var name: String { "follow-up" }
    var inputRoles: [TopicRole] { ["case-events"] }
    var stateRole: TopicRole { "follow-up-state" }

    func handle(_ input: CaseEvent, state: Count?, timers: [DurableTimer], now: Timestamp) -> Effects<Count> {
        if input.type == .caseClosed { return Effects(outputs: [output("closed", input.key, input.time, now)], state: .delete) }
        let count = (state?.events ?? 0) + 1
        return Effects(
            outputs: [output("seen-\(count)", input.key, input.time, now)],
            state: .set(Count(events: count, last: input.time)),
            setTimers: [DurableTimer(id: "follow-up", due: input.time.adding(days: 1), payload: Array("\(count)".utf8))])
    }

    func fire(_ timer: DurableTimer, key: String, state: Count?, timers: [DurableTimer], now: Timestamp) -> Effects<Count> {
        Effects(outputs: [output("follow-up-\(String(decoding: timer.payload, as: UTF8.self))", key, timer.due, now)])
    }

    func output(_ what: String, _ key: String, _ time: Timestamp, _ now: Timestamp) -> OutputRecord {
        OutputRecord(topicRole: "outputs", key: key, id: "\(key)/\(what)", time: time, value: Array("\(what)@\(now)".utf8))
    }
}

func event(_ type: String, case caseId: String, at time: String, data: String = #"{"reason":"other"}"#) -> CaseEvent {
    let text = #"{"specversion":"1.0","id":"e-\#(caseId)-\#(time)","source":"/test","type":"org.homeward.\#(type)","time":"\#(time)","subject":"\#(caseId)","datacontenttype":"application/json","data":\#(data)}"#
    return try! CaseEventValidator().validate(text).get()
}

func reopened(_ caseId: String, _ time: String) -> CaseEvent { event("case.reopened.v1", case: caseId, at: time) }
func closed(_ caseId: String, _ time: String) -> CaseEvent {
    event("case.closed.v1", case: caseId, at: time, data: #"{"reason":"other","approvedBy":"sup-1"}"#)
}

extension StepResult {
    var ids: [String] { outputs.map(\.id) }
    var texts: [String] { outputs.map { String(decoding: $0.value, as: UTF8.self) } }
}
