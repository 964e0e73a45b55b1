@testable import HomewardRuntime
import Testing

@Suite("The live merge's waiting rule: whether to wait for an input with no record buffered")
struct MergeWaitRuleTests {
    let start = ContinuousClock.now

    @Test("an input whose end is not known yet is waited for")
    func endUnknown() {
        var rule = MergeWaitRule(inputs: 2)
        let waits = rule.waitFor(1, handed: 0, end: nil, now: start)
        #expect(waits)
    }

    @Test("an input the broker has records of that were not handed to the partition yet is waited for")
    func behind() {
        var rule = MergeWaitRule(inputs: 2)
        let waits = rule.waitFor(1, handed: 5, end: 8, now: start)
        #expect(waits)
    }

    @Test("an input handed everything up to its end is not waited for, an empty partition included")
    func caughtUp() {
        var rule = MergeWaitRule(inputs: 2)
        let decisions = [rule.waitFor(1, handed: 8, end: 8, now: start), rule.waitFor(0, handed: 0, end: 0, now: start)]
        #expect(decisions == [false, false])
    }

    @Test("an input lying empty is waited for at most 60 s, counted from when it ran dry")
    func givesUp() {
        var rule = MergeWaitRule(inputs: 2)
        let decisions = [
            rule.waitFor(1, handed: 5, end: 8, now: start),
            rule.waitFor(1, handed: 5, end: 8, now: start + .seconds(59)),
            rule.waitFor(1, handed: 5, end: nil, now: start + .seconds(60)),
        ]
        #expect(decisions == [true, true, false])
    }

    @Test("once the input has had records buffered again, its next wait starts anew")
    func startsAnew() {
        var rule = MergeWaitRule(inputs: 2)
        let first = rule.waitFor(1, handed: 5, end: 8, now: start)
        rule.refilled(1)
        let decisions = [first, rule.waitFor(1, handed: 6, end: 8, now: start + .seconds(70)), rule.waitFor(1, handed: 6, end: 8, now: start + .seconds(130))]
        #expect(decisions == [true, true, false])
    }

    @Test("each input's wait is its own")
    func perInput() {
        var rule = MergeWaitRule(inputs: 2)
        let decisions = [
            rule.waitFor(0, handed: 0, end: nil, now: start),
            rule.waitFor(1, handed: 0, end: nil, now: start + .seconds(50)),
            rule.waitFor(0, handed: 0, end: nil, now: start + .seconds(60)),
            rule.waitFor(1, handed: 0, end: nil, now: start + .seconds(60)),
        ]
        #expect(decisions == [true, true, false, true])
    }

    @Test("an input another input's record was written after reading further is waited for, whatever its high watermark says")
    func requiredByAReadPosition() {
        var rule = MergeWaitRule(inputs: 2)
        rule.requires(0, upTo: 5)
        rule.requires(0, upTo: 4)  // an older record's position takes nothing back
        let decisions = [
            rule.waitFor(0, handed: 3, end: 3, now: start),
            rule.waitFor(0, handed: 4, end: 4, now: start),
            rule.waitFor(0, handed: 5, end: 5, now: start),
            rule.waitFor(1, handed: 0, end: 0, now: start),
        ]
        #expect(decisions == [true, true, false, false])
    }

    @Test("a read position's wait gives up after 60 s too, in case those records vanished, and that position holds nothing up again")
    func readPositionGivesUp() {
        var rule = MergeWaitRule(inputs: 2)
        rule.requires(0, upTo: 5)
        var decisions = [rule.waitFor(0, handed: 3, end: 3, now: start), rule.waitFor(0, handed: 3, end: 3, now: start + .seconds(60))]
        rule.refilled(0)
        decisions.append(rule.waitFor(0, handed: 4, end: 4, now: start + .seconds(61)))
        rule.requires(0, upTo: 6)  // a later record's position counts again
        decisions.append(rule.waitFor(0, handed: 4, end: 4, now: start + .seconds(62)))
        #expect(decisions == [true, false, false, true])
    }
}
