import HomewardContract
import HomewardProcessing
import Testing

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
        if let until { ids += engine.finish(until: try! Timestamp(rfc3339: until)).map(\.id) }
        return ids
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
