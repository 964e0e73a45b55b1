import HomewardContract
import HomewardProcessing
import Testing

@Suite("Partition processor: stream time, timers, state")
struct PartitionProcessorTests {
    let wall = Timestamp(millisecondsSinceEpoch: 0)

    @Test("a timer due before the next input fires before it, at its due time")
    func timerFiresBeforeLaterInput() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        let first = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: wall)
        #expect(first.ids == ["case-a/seen-1"])
        let second = try processor.process(reopened("case-b", "2026-01-03T10:00:00Z"), wallNow: wall)
        #expect(second.ids == ["case-a/follow-up-1", "case-b/seen-1"])
        #expect(second.texts[0] == "follow-up-1@2026-01-02T10:00:00Z")
    }

    @Test("a timer due exactly at an input's time fires after that input")
    func timerAtSameTimeFiresAfter() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        _ = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: wall)
        let step = try processor.process(reopened("case-b", "2026-01-02T10:00:00Z"), wallNow: wall)
        #expect(step.ids == ["case-b/seen-1", "case-a/follow-up-1"])
    }

    @Test("a replaced timer fires once, with the newer payload")
    func replacedTimer() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        _ = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: wall)
        _ = try processor.process(reopened("case-a", "2026-01-01T12:00:00Z"), wallNow: wall)
        let step = processor.advance(to: try! Timestamp(rfc3339: "2026-01-10T00:00:00Z"))
        #expect(step.ids == ["case-a/follow-up-2"])
        #expect(processor.store.timersPending == 0)
    }

    @Test("out-of-order input does not move stream time back; its past timer fires right after it")
    func outOfOrder() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        _ = try processor.process(reopened("case-a", "2026-01-05T10:00:00Z"), wallNow: wall)
        let late = try processor.process(reopened("case-b", "2026-01-01T10:00:00Z"), wallNow: wall)
        #expect(late.ids == ["case-b/seen-1", "case-b/follow-up-1"])
        #expect(processor.streamTime == (try! Timestamp(rfc3339: "2026-01-05T10:00:00Z")))
    }

    @Test("deleting a key writes a tombstone and drops its timers")
    func deletion() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        let opened = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: wall)
        #expect(opened.changelog.map(\.key) == ["case-a"])
        let close = try processor.process(closed("case-a", "2026-01-01T11:00:00Z"), wallNow: wall)
        #expect(close.changelog == [ChangelogWrite(key: "case-a", value: nil)])
        #expect(processor.advance(to: try! Timestamp(rfc3339: "2026-02-01T00:00:00Z")).outputs.isEmpty)
        #expect(processor.store.keyCount == 0)
    }

    @Test("within a batch a key's changes stay decoded: one changelog write per key, its last value, in first-change order; a timer due meanwhile fires from the unwritten state")
    func batchWritesOncePerKey() throws {
        var batched = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        var stepwise = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        let inputs = [reopened("case-a", "2026-01-01T10:00:00Z"), reopened("case-b", "2026-01-01T11:00:00Z"),
                      reopened("case-a", "2026-01-01T12:00:00Z"), reopened("case-a", "2026-01-02T13:00:00Z"),  // case-a's first follow-up fires before this
                      reopened("case-c", "2026-01-02T14:00:00Z"), closed("case-c", "2026-01-02T15:00:00Z")]
        var batch = StepResult()
        var steps: [StepResult] = []
        for input in inputs {
            try FollowUpLogic.process(&batched, input, wallNow: wall, into: &batch)
            steps.append(try stepwise.process(input, wallNow: wall))
        }
        #expect(batch.changelog.isEmpty, "nothing is encoded before the batch's writes are taken")
        #expect(batched.store.keyCount == 2, "case-a and case-b; case-c came and went")
        FollowUpLogic.takeStateWrites(&batched, into: &batch)

        #expect(batch.ids == steps.flatMap(\.ids), "the same outputs as step by step")
        // case-c was created and deleted within the batch and was never written: no tombstone needed.
        #expect(batch.changelog.map(\.key) == ["case-a", "case-b"])
        // Each write is the key's last value, as the step-by-step run left it.
        for write in batch.changelog {
            #expect(write.value == steps.flatMap(\.changelog).last { $0.key == write.key }?.value, "\(write.key)")
        }
        var again = StepResult()
        FollowUpLogic.takeStateWrites(&batched, into: &again)
        #expect(again.changelog.isEmpty, "taken once")
        // Both stores hold the same: the batch's timers fire the same way afterwards.
        let later = try! Timestamp(rfc3339: "2026-02-01T00:00:00Z")
        #expect(batched.advance(to: later).ids == stepwise.advance(to: later).ids)
    }

    @Test("a timer set by the change that makes the timer index compact itself still fires (the index is rebuilt with the key's new timers)")
    func timerSurvivesIndexCompaction() throws {
        for batched in [false, true] {
            var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
            // Each event of the one case moves its follow-up a second later, leaving a
            // stale index entry; the 4,097th entry makes the index compact itself.
            let start = try! Timestamp(rfc3339: "2026-01-01T00:00:00Z")
            var batch = StepResult()
            for second in 0..<4_097 {
                let input = reopened("case-a", start.adding(milliseconds: Int64(second) * 1_000).rfc3339)
                if batched {
                    try FollowUpLogic.process(&processor, input, wallNow: wall, into: &batch)
                } else {
                    _ = try processor.process(input, wallNow: wall)
                }
            }
            FollowUpLogic.takeStateWrites(&processor, into: &batch)
            #expect(processor.store.timersPending == 1)
            let fired = processor.advance(to: try! Timestamp(rfc3339: "2026-01-03T00:00:00Z"))
            #expect(fired.ids == ["case-a/follow-up-4097"], "batched: \(batched)")
        }
    }

    @Test("in wall-clock mode a timer fires when the clock passes it, with the firing time as now")
    func wallClock() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .wall)
        let t0 = try! Timestamp(rfc3339: "2026-01-01T10:00:00Z")
        _ = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: t0)
        #expect(processor.advance(to: t0.adding(hours: 23)).outputs.isEmpty)
        let late = processor.advance(to: t0.adding(days: 3))
        #expect(late.texts == ["follow-up-1@2026-01-04T10:00:00Z"])
        #expect(late.outputs.first?.time == t0.adding(days: 1), "the output keeps the scheduled time")
    }
}

@Suite("Changelog restore")
struct RestoreTests {
    /// Replays changelog writes into a fresh store, as the runtime does on assignment.
    func restore(_ writes: [ChangelogWrite]) throws -> PartitionStore<FollowUpLogic.Count> {
        var store = PartitionStore<FollowUpLogic.Count>()
        for write in writes { store.restore(key: write.key, value: write.value) }
        try store.finishRestore()
        return store
    }

    @Test("the last value per key wins and a tombstone deletes")
    func lastValueWins() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        var writes: [ChangelogWrite] = []
        for step in [
            try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: .init(millisecondsSinceEpoch: 0)),
            try processor.process(reopened("case-a", "2026-01-01T11:00:00Z"), wallNow: .init(millisecondsSinceEpoch: 0)),
            try processor.process(reopened("case-b", "2026-01-01T12:00:00Z"), wallNow: .init(millisecondsSinceEpoch: 0)),
            try processor.process(closed("case-b", "2026-01-01T13:00:00Z"), wallNow: .init(millisecondsSinceEpoch: 0)),
        ] { writes += step.changelog }
        let store = try restore(writes)
        #expect(store.keyCount == 1)
        #expect(try store.record(for: "case-a") == (try processor.store.record(for: "case-a")))
        #expect(try store.record(for: "case-a")?.state?.events == 2)
        #expect(try store.record(for: "case-b") == nil)
        #expect(store.timersPending == 1)
    }

    @Test("a timer that came due while the worker was down fires once after restore")
    func timerDueDuringDowntimeFiresOnce() throws {
        let t0 = try Timestamp(rfc3339: "2026-01-01T10:00:00Z")
        var before = PartitionProcessor(logic: FollowUpLogic(), clock: .wall)
        let writes = try before.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: t0).changelog
        // The worker stops; three days later it restarts from the changelog.
        var after = PartitionProcessor(logic: FollowUpLogic(), clock: .wall, store: try restore(writes))
        let restart = t0.adding(days: 3)
        let fired = after.advance(to: restart)
        #expect(fired.ids == ["case-a/follow-up-1"])
        #expect(after.advance(to: restart.adding(minutes: 1)).outputs.isEmpty)
        // And a second restart from the full changelog does not fire it again.
        var again = PartitionProcessor(logic: FollowUpLogic(), clock: .wall, store: try restore(writes + fired.changelog))
        #expect(again.advance(to: restart.adding(hours: 1)).outputs.isEmpty)
    }

    @Test("a timer of a key whose stored state cannot be read is dropped and reported once; other keys' timers fire")
    func unreadableStateAtTimer() throws {
        var processor = PartitionProcessor(logic: FollowUpLogic(), clock: .stream)
        let good = try processor.process(reopened("case-a", "2026-01-01T10:00:00Z"), wallNow: .init(millisecondsSinceEpoch: 0))
        // Timers readable (format 2 stores them first), state cut short.
        let damaged = KeyRecord<FollowUpLogic.Count>(
            state: .init(events: 1, last: try Timestamp(rfc3339: "2026-01-01T09:00:00Z")),
            timers: [DurableTimer(id: "follow-up-1", due: try Timestamp(rfc3339: "2026-01-02T09:00:00Z"))]).encoded().dropLast(2)
        var restored = PartitionProcessor(logic: FollowUpLogic(), clock: .stream,
                                          store: try restore(good.changelog + [ChangelogWrite(key: "case-bad", value: Array(damaged))]))
        let step = restored.advance(to: try Timestamp(rfc3339: "2026-01-10T00:00:00Z"))
        #expect(step.ids == ["case-a/follow-up-1"])
        #expect(step.unreadableState.map { $0.key } == ["case-bad"])
        let later = restored.advance(to: try Timestamp(rfc3339: "2026-02-01T00:00:00Z"))
        #expect(later.outputs.isEmpty && later.unreadableState.isEmpty)
    }

    @Test("a record's state is read only when its timers are wanted: a stale timer-index entry never touches the state")
    func timersFirst() throws {
        let record = KeyRecord<FollowUpLogic.Count>(
            state: .init(events: 2, last: try Timestamp(rfc3339: "2026-01-01T09:00:00Z")),
            timers: [DurableTimer(id: "follow-up-1", due: try Timestamp(rfc3339: "2026-01-02T09:00:00Z"))])
        #expect(try KeyRecord<FollowUpLogic.Count>.decode(record.encoded(), ifTimers: { $0 == record.timers }) == record)
        let damaged = Array(record.encoded().dropLast(2))
        #expect(try KeyRecord<FollowUpLogic.Count>.decode(damaged, ifTimers: { _ in false }) == nil, "the state is not read")
        #expect(throws: BinaryDecodingError.self) { _ = try KeyRecord<FollowUpLogic.Count>.decode(damaged, ifTimers: { _ in true }) }
        // Format 1 (state first) is still read, whole.
        var writer = BinaryWriter()
        writer.write(UInt64(1))
        writer.write(record.state) { writer, state in state.encode(into: &writer) }
        writer.write(record.timers) { writer, timer in
            writer.write(timer.id)
            writer.write(timer.due)
            writer.write(bytes: timer.payload)
        }
        #expect(try KeyRecord<FollowUpLogic.Count>.decode(writer.bytes, ifTimers: { _ in true }) == record)
        #expect(try KeyRecord<FollowUpLogic.Count>.decode(writer.bytes, ifTimers: { _ in false }) == nil)
    }

    @Test("state survives the binary encoding exactly; corrupt bytes are a clear error")
    func encoding() throws {
        let record = KeyRecord<FollowUpLogic.Count>(
            state: .init(events: 300, last: try Timestamp(rfc3339: "2026-03-01T00:00:00.123Z")),
            timers: [DurableTimer(id: "t-1", due: Timestamp(millisecondsSinceEpoch: -5), payload: [0, 255, 7])])
        #expect(try KeyRecord<FollowUpLogic.Count>(encoded: record.encoded()) == record)
        #expect(record.encoded().count < 40, "compact: \(record.encoded().count) bytes")
        let error = #expect(throws: BinaryDecodingError.self) {
            _ = try KeyRecord<FollowUpLogic.Count>(encoded: Array(record.encoded().prefix(5)))
        }
        #expect(error?.description.contains("corrupt state") == true)
        #expect(throws: BinaryDecodingError.self) { _ = try KeyRecord<FollowUpLogic.Count>(encoded: [9, 0]) }
    }
}
