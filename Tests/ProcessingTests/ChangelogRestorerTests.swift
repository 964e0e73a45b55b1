import HomewardContract
import HomewardProcessing
import Testing

@Suite("Checkpointed restore")
struct ChangelogRestorerTests {
    func write(_ key: String, events: Int) -> [UInt8] {
        KeyRecord<FollowUpLogic.Count>(state: .init(events: events, last: Timestamp(millisecondsSinceEpoch: 0))).encoded()
    }

    @Test("state is taken up to the last checkpoint; writes of an interrupted batch after it are dropped")
    func dropsUncheckpointedTail() throws {
        var restorer = ChangelogRestorer<FollowUpLogic.Count>()
        try restorer.read(key: "case-a", value: write("case-a", events: 1))
        try restorer.read(key: PartitionCheckpoint.key, value: PartitionCheckpoint(
            nextOffsets: ["in": 10], streamTime: Timestamp(millisecondsSinceEpoch: 5)).encoded())
        try restorer.read(key: "case-a", value: write("case-a", events: 2))
        try restorer.read(key: "case-b", value: write("case-b", events: 1))
        #expect(try restorer.finish() == 2)
        #expect(try restorer.store.record(for: "case-a")?.state?.events == 1)
        #expect(try restorer.store.record(for: "case-b") == nil)
        #expect(restorer.checkpoint?.nextOffsets == ["in": 10])
        #expect(restorer.checkpoint?.streamTime == Timestamp(millisecondsSinceEpoch: 5))
    }

    @Test("without any checkpoint nothing is trusted: the input is redone from its committed offset")
    func noCheckpoint() throws {
        var restorer = ChangelogRestorer<FollowUpLogic.Count>()
        try restorer.read(key: "case-a", value: write("case-a", events: 1))
        #expect(try restorer.finish() == 1)
        #expect(restorer.store.keyCount == 0)
        #expect(restorer.checkpoint == nil)
    }

    @Test("a checkpoint tombstone is a reset: nothing before it counts, and the input starts over from the committed offset")
    func checkpointTombstoneStartsOver() throws {
        var restorer = ChangelogRestorer<FollowUpLogic.Count>()
        try restorer.read(key: "case-a", value: write("case-a", events: 1))
        try restorer.read(key: "case-b", value: write("case-b", events: 3))
        try restorer.read(key: PartitionCheckpoint.key, value: PartitionCheckpoint(nextOffsets: ["in": 10]).encoded())
        try restorer.read(key: "case-a", value: nil)
        try restorer.read(key: PartitionCheckpoint.key, value: nil)
        #expect(try restorer.finish() == 0)
        #expect(restorer.store.keyCount == 0, "case-b, which no tombstone named, is gone too")
        #expect(restorer.checkpoint == nil)
    }

    @Test("after a reset, the state rebuilt and checkpointed again is restored as usual")
    func rebuiltAfterReset() throws {
        var restorer = ChangelogRestorer<FollowUpLogic.Count>()
        try restorer.read(key: "case-a", value: write("case-a", events: 5))
        try restorer.read(key: PartitionCheckpoint.key, value: PartitionCheckpoint(nextOffsets: ["in": 10]).encoded())
        try restorer.read(key: PartitionCheckpoint.key, value: nil)
        try restorer.read(key: "case-a", value: write("case-a", events: 2))
        try restorer.read(key: PartitionCheckpoint.key, value: PartitionCheckpoint(nextOffsets: ["in": 4]).encoded())
        #expect(try restorer.finish() == 0)
        #expect(try restorer.store.record(for: "case-a")?.state?.events == 2)
        #expect(restorer.checkpoint?.nextOffsets == ["in": 4])
    }
}
