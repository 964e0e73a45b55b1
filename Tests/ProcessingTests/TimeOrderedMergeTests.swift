import HomewardContract
import HomewardProcessing
import Testing

@Suite("Time-ordered merge")
struct TimeOrderedMergeTests {
    /// Input 0 plays `case-events`, input 1 `reminders`.
    static let events = 0, reminders = 1

    static func at(_ minute: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: minute * 60_000) }

    static func released(_ merge: inout TimeOrderedMerge<String>, waitingFor waited: Set<Int> = []) -> [String] {
        var out: [String] = []
        merge.release(waitFor: { waited.contains($0) }) { out.append($0) }
        return out
    }

    @Test("records of two inputs come out in time order")
    func timeOrder() {
        var merge = TimeOrderedMerge<String>(inputs: 2)
        merge.add("e1", input: Self.events, time: Self.at(1))
        merge.add("e4", input: Self.events, time: Self.at(4))
        merge.add("r2", input: Self.reminders, time: Self.at(2))
        merge.add("r3", input: Self.reminders, time: Self.at(3))
        #expect(Self.released(&merge) == ["e1", "r2", "r3", "e4"])
        #expect(!merge.isHolding)
    }

    @Test("at equal times the input listed first goes first")
    func tiesGoToTheFirstInput() {
        var merge = TimeOrderedMerge<String>(inputs: 2)
        merge.add("r5", input: Self.reminders, time: Self.at(5))
        merge.add("e5", input: Self.events, time: Self.at(5))
        #expect(Self.released(&merge) == ["e5", "r5"])
    }

    @Test("a record waits while an input without records is waited for")
    func waitsForAnEmptyInput() {
        var merge = TimeOrderedMerge<String>(inputs: 2)
        merge.add("r2", input: Self.reminders, time: Self.at(2))
        #expect(Self.released(&merge, waitingFor: [Self.events]).isEmpty)
        #expect(merge.isHolding)
        merge.add("e3", input: Self.events, time: Self.at(3))
        // r2 is earlier than e3: it goes; e3 then waits for the reminders input.
        #expect(Self.released(&merge, waitingFor: [Self.events, Self.reminders]) == ["r2"])
        #expect(Self.released(&merge) == ["e3"])
    }

    @Test("a reminder waits until a later case event arrives")
    func reminderWaitsForALaterEvent() {
        var merge = TimeOrderedMerge<String>(inputs: 2)
        merge.add("e1", input: Self.events, time: Self.at(1))
        merge.add("r1", input: Self.reminders, time: Self.at(1))
        merge.add("r7", input: Self.reminders, time: Self.at(7))
        #expect(Self.released(&merge, waitingFor: [Self.events]) == ["e1"])
        merge.add("e6", input: Self.events, time: Self.at(6))
        #expect(Self.released(&merge, waitingFor: [Self.events]) == ["r1", "e6"])
        #expect(Self.released(&merge, waitingFor: [Self.events]).isEmpty)
        var rest: [String] = []
        merge.releaseAll { rest.append($0) }
        #expect(rest == ["r7"])
    }

    @Test("a record without a time goes at once, even while an input is waited for")
    func undecodableGoesAtOnce() {
        var merge = TimeOrderedMerge<String>(inputs: 2)
        merge.add("r2", input: Self.reminders, time: Self.at(2))
        merge.add("bad", input: Self.reminders, time: nil)
        merge.add("r3", input: Self.reminders, time: Self.at(3))
        // r2 is the head and must wait; the bad record behind it keeps its place in its input.
        #expect(Self.released(&merge, waitingFor: [Self.events]).isEmpty)
        merge.add("e9", input: Self.events, time: Self.at(9))
        merge.add("bad-event", input: Self.events, time: nil)
        #expect(Self.released(&merge, waitingFor: [Self.events, Self.reminders]) == ["r2", "bad", "r3"])
        #expect(Self.released(&merge, waitingFor: [Self.events]) == ["e9", "bad-event"])
    }

    @Test("each input keeps its own order even when its times go backwards")
    func inputOrderIsKept() {
        var merge = TimeOrderedMerge<String>(inputs: 2)
        merge.add("e5", input: Self.events, time: Self.at(5))
        merge.add("e2", input: Self.events, time: Self.at(2))
        merge.add("r3", input: Self.reminders, time: Self.at(3))
        #expect(Self.released(&merge) == ["r3", "e5", "e2"])
    }

    @Test("a merge of one input releases everything in order")
    func singleInput() {
        var merge = TimeOrderedMerge<String>(inputs: 1)
        for (index, minute) in [3, 1, 2].enumerated() { merge.add("x\(index)", input: 0, time: Self.at(Int64(minute))) }
        #expect(Self.released(&merge) == ["x0", "x1", "x2"])
    }
}
