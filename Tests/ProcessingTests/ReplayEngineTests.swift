import HomewardContract
import HomewardProcessing
import Testing

/// A worker whose timers recur: every event starts a tick six hours later,
/// each tick sets the next, up to `ticks`, and every third tick also sets an
/// echo due at once (a timer set by a firing, due at the same moment).
private struct RecurringLogic: WorkerLogic {
    typealias Seen = FollowUpLogic.Count
    var ticks = 12

    var name: String { "recurring" }
    var inputRoles: [TopicRole] { ["case-events"] }
    var stateRole: TopicRole { "recurring-state" }

    func handle(_ input: CaseEvent, state: Seen?, timers: [DurableTimer], now: Timestamp) -> Effects<Seen> {
        Effects(state: .set(Seen(events: (state?.events ?? 0) + 1, last: input.time)),
                setTimers: [tick(1, due: input.time.adding(hours: 6))])
    }

    func fire(_ timer: DurableTimer, key: String, state: Seen?, timers: [DurableTimer], now: Timestamp) -> Effects<Seen> {
        let output = OutputRecord(topicRole: "outputs", key: key, id: "\(key)/\(timer.id)", time: now, value: [])
        guard timer.id.hasPrefix("tick-"), let n = Int(timer.id.dropFirst("tick-".count)) else { return Effects(outputs: [output]) }
        var next: [DurableTimer] = n < ticks ? [tick(n + 1, due: timer.due.adding(hours: 6))] : []
        if n % 3 == 0 { next.append(DurableTimer(id: "echo-\(n)", due: timer.due)) }
        return Effects(outputs: [output], setTimers: next)
    }

    func tick(_ n: Int, due: Timestamp) -> DurableTimer { DurableTimer(id: "tick-\(n)", due: due) }
}

@Suite("Replay engine")
struct ReplayEngineTests {
    let history = [
        reopened("case-a", "2026-01-01T10:00:00Z"),
        reopened("case-b", "2026-01-01T11:00:00Z"),
        reopened("case-a", "2026-01-04T10:00:00Z"),
        closed("case-b", "2026-01-05T09:00:00Z"),
    ]

    func run(partitions: Int, until: String?, decodedKeysLimit: Int = 20_000) -> [String] {
        var engine = ReplayEngine(logic: FollowUpLogic(), partitions: partitions, decodedKeysLimit: decodedKeysLimit)
        var ids: [String] = []
        for event in history { ids += engine.feed(event).map(\.id) }
        if let until { engine.finish(until: try! Timestamp(rfc3339: until)) { ids.append($0.id) } }
        return ids
    }

    /// Twelve cases with recurring timers, several starting at the same moment.
    let recurringHistory = (0..<12).map { n in reopened("case-\(n)", "2026-01-0\(1 + n % 3)T10:00:00Z") }
    let end = try! Timestamp(rfc3339: "2026-01-06T00:00:00Z")

    @Test("the end streams, partition by partition, what one advance of each partition fires, in the same order")
    func finishStreamsWhatOneAdvanceFires() throws {
        let partitions = 4
        var engine = ReplayEngine(logic: RecurringLogic(), partitions: partitions)
        var references = (0..<partitions).map { _ in PartitionProcessor(logic: RecurringLogic(), clock: .stream) }
        for event in recurringHistory {
            let partition = KafkaKeyPartitioner.partition(of: event.key, partitions: partitions)
            let expected = try references[partition].process(event, wallNow: event.time).ids
            #expect(engine.feed(event).map(\.id) == expected)
        }
        var streamed: [String] = []
        engine.finish(until: end) { streamed.append($0.id) }
        let advanced = references.indices.flatMap { references[$0].advance(to: end).ids }
        #expect(streamed.count > 3 * recurringHistory.count)
        #expect(streamed.contains("case-0/echo-3"))
        #expect(streamed == advanced)
    }

    @Test("previewing the end hands out what the end will, and changes nothing")
    func previewChangesNothing() {
        var engine = ReplayEngine(logic: RecurringLogic(), partitions: 3)
        for event in recurringHistory { _ = engine.feed(event) }
        var previewed: [String] = [], again: [String] = [], finished: [String] = []
        engine.previewFinish(until: end) { previewed.append($0.id) }
        engine.previewFinish(until: end) { again.append($0.id) }
        engine.finish(until: end) { finished.append($0.id) }
        #expect(!previewed.isEmpty)
        #expect(again == previewed)
        #expect(finished == previewed)
    }

    @Test("after the end, a later end fires only the timers due after the first")
    func endsAreCumulative() {
        var engine = ReplayEngine(logic: RecurringLogic(), partitions: 3)
        for event in recurringHistory { _ = engine.feed(event) }
        var once = engine
        var inOne: [String] = [], inTwo: [String] = []
        once.finish(until: end) { inOne.append($0.id) }
        engine.finish(until: end.adding(days: -2)) { inTwo.append($0.id) }
        #expect(inTwo.count < inOne.count)
        engine.finish(until: end) { inTwo.append($0.id) }
        #expect(Set(inTwo) == Set(inOne))
        #expect(inTwo.count == inOne.count)
    }

    @Test("keeping changed keys decoded or encoding them after every event gives the same outputs")
    func decodedKeysLimit() {
        for partitions in [1, 4] {
            let encodedEachTime = run(partitions: partitions, until: "2026-02-01T00:00:00Z", decodedKeysLimit: 1)
            #expect(!encodedEachTime.isEmpty)
            #expect(run(partitions: partitions, until: "2026-02-01T00:00:00Z") == encodedEachTime)
        }
    }

    @Test("the same history gives the same outputs in the same order")
    func deterministic() {
        #expect(run(partitions: 4, until: "2026-02-01T00:00:00Z") == run(partitions: 4, until: "2026-02-01T00:00:00Z"))
    }

    @Test("with one partition, stream time is shared: a later event of another case fires earlier timers")
    func onePartition() {
        #expect(run(partitions: 1, until: nil) == [
            "case-a/seen-1", "case-b/seen-1",
            "case-a/follow-up-1", "case-b/follow-up-1", "case-a/seen-2",
            "case-b/closed",
        ])
    }

    @Test("--until fires the timers due by then and no later ones")
    func until() {
        let ids = run(partitions: 1, until: "2026-01-05T10:00:00Z")
        #expect(ids.last == "case-a/follow-up-2")
        #expect(run(partitions: 1, until: "2026-01-05T09:59:00Z").last == "case-b/closed")
    }

    @Test("Kafka's murmur2 hash matches known values")
    func murmur2() {
        // Values from Kafka's own Utils.murmur2 test vectors.
        #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array("21".utf8))) == -973_932_308)
        #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array("foobar".utf8))) == -790_332_482)
        #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array("a-little-bit-long-string".utf8))) == -985_981_536)
        #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array("a-little-bit-longer-string".utf8))) == -1_486_304_829)
        #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8".utf8))) == -58_897_971)
        #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array("abc".utf8))) == 479_470_107)
    }
}
