import HomewardProcessing
@testable import HomewardRuntime
import Kafka
import Testing

@Suite("State buffer: writes coalesced per key between flushes")
struct StateBufferTests {
    static func share(_ partition: Int32, _ writes: [(String, String?)], next: Int64? = nil) -> PartitionStateWrites {
        PartitionStateWrites(partition: partition, writes: writes.map { ChangelogWrite(key: $0.0, value: $0.1.map { Array($0.utf8) }) },
                             checkpoint: next.map { PartitionCheckpoint(nextOffsets: ["in": $0]) })
    }

    /// A drained record as `partition/key=value` (`-` for a deletion, `checkpoint@next` for a checkpoint).
    static func describe(_ record: KafkaProducerRecord) -> String {
        let key = String(decoding: record.key ?? [], as: UTF8.self)
        if key == PartitionCheckpoint.key, let value = record.value, let checkpoint = try? PartitionCheckpoint(encoded: value) {
            return "\(record.partition ?? -1)/checkpoint@\(checkpoint.nextOffsets["in"] ?? -1)"
        }
        return "\(record.partition ?? -1)/\(key)=\(record.value.map { String(decoding: $0, as: UTF8.self) } ?? "-")"
    }

    @Test("a later write of a key replaces the earlier one, and the byte count follows")
    func laterWriteReplaces() {
        var buffer = StateBuffer()
        buffer.add(Self.share(0, [("case-1", "aaaa")]), at: .now)
        #expect(buffer.bytes == 10)
        buffer.add(Self.share(0, [("case-1", "bb")]), at: .now)
        #expect(buffer.bytes == 8)
        #expect(buffer.drain(topic: "state").map(Self.describe) == ["0/case-1=bb"])
    }

    @Test("a drain gives per partition, in partition order, the surviving writes and then the latest checkpoint")
    func drainOrder() {
        var buffer = StateBuffer()
        buffer.add(Self.share(1, [("case-2", "x")], next: 4), at: .now)
        buffer.add(Self.share(0, [("case-1", "y")], next: 7), at: .now)
        buffer.add(Self.share(1, [], next: 9), at: .now)
        let records = buffer.drain(topic: "state")
        #expect(records.map(Self.describe) == ["0/case-1=y", "0/checkpoint@7", "1/case-2=x", "1/checkpoint@9"])
        #expect(records.allSatisfy { $0.topic == "state" })
    }

    @Test("a deletion is kept as a tombstone, replacing an earlier value")
    func deletion() {
        var buffer = StateBuffer()
        buffer.add(Self.share(0, [("case-1", "abc")]), at: .now)
        buffer.add(Self.share(0, [("case-1", nil)]), at: .now)
        #expect(buffer.bytes == 6)
        #expect(buffer.drain(topic: "state").map(Self.describe) == ["0/case-1=-"])
    }

    @Test("a drain empties the buffer: no bytes, no age, nothing to drain again")
    func drainEmpties() {
        var buffer = StateBuffer()
        buffer.add(Self.share(0, [("case-1", "a")], next: 1), at: .now)
        _ = buffer.drain(topic: "state")
        #expect(buffer.isEmpty)
        #expect(buffer.bytes == 0)
        #expect(buffer.since == nil)
        #expect(buffer.drain(topic: "state").isEmpty)
    }

    @Test("the buffer's age is that of its oldest write; a share with nothing to write does not start it")
    func age() {
        var buffer = StateBuffer()
        let start = ContinuousClock.now
        buffer.add(Self.share(0, []), at: start)
        #expect(buffer.since == nil)
        buffer.add(Self.share(0, [("case-1", "a")]), at: start + .seconds(1))
        buffer.add(Self.share(0, [("case-2", "a")]), at: start + .seconds(2))
        #expect(buffer.since == start + .seconds(1))
    }
}
