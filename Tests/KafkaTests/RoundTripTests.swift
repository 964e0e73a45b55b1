import Foundation
import HomewardTestKit
import Kafka
import Testing

@Suite("Producer and consumer round trip")
struct RoundTripTests {
    @Test("keys, headers (repeated names too, read all or by name) and timestamps survive the round trip and order is kept per key")
    func roundTrip() async throws {
        let kafka = try await BrokerFixture("round-trip", topics: ["records"], partitions: 4)
        let topic = kafka.topic("records")

        let producer = try KafkaProducer(configuration: kafka.producerConfiguration, logger: kafka.logger)
        let baseTime: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
        var sent: [KafkaProducerRecord] = []
        for i in 0..<400 {
            sent.append(KafkaProducerRecord(
                topic: topic,
                key: "case-\(i % 7)",
                value: "{\"n\":\(i)}",
                headers: [KafkaHeader(name: "homeward-seq", value: "\(i)"), KafkaHeader(name: "empty", value: []),
                          KafkaHeader(name: "pair", value: "a\(i)"), KafkaHeader(name: "pair", value: "b")],
                timestampMilliseconds: baseTime + Int64(i)))
        }
        let single = try await producer.send(KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: nil as [UInt8]?, timestampMilliseconds: baseTime))
        #expect(single.offset != nil)
        let reports = try await producer.send(contentsOf: sent)
        #expect(reports.count == sent.count)
        #expect(reports.allSatisfy { $0.isDelivered })
        await producer.shutdown()

        let received = try await kafka.readToEnd("records")
        let tombstone = try #require(received.first { $0.key == nil })
        #expect(tombstone.isTombstone)
        #expect(tombstone.value == nil)

        let keyed = received.filter { $0.key != nil }
        #expect(keyed.count == sent.count)
        for record in keyed {
            let n = try #require(record.headers.string(named: "homeward-seq").flatMap(Int.init))
            #expect(record.keyString == "case-\(n % 7)")
            #expect(record.valueString == "{\"n\":\(n)}")
            #expect(record.timestampMilliseconds == baseTime + Int64(n))
            #expect(record.headers.map(\.name) == ["homeward-seq", "empty", "pair", "pair"])
            #expect(record.headers[1].value == [])
            #expect(Self.headerValues(of: record, named: "pair") == ["a\(n)", "b"])
            #expect(Self.headerValues(of: record, named: "empty") == [""])
            #expect(Self.headerValues(of: record, named: "absent").isEmpty)
        }
        // Per key, records arrive in the order they were produced.
        let byKey = Dictionary(grouping: keyed, by: { $0.keyString! })
        for (_, records) in byKey {
            let sequence = records.compactMap { $0.headers.string(named: "homeward-seq").flatMap(Int.init) }
            #expect(sequence == sequence.sorted())
            #expect(Set(records.map(\.partition)).count == 1)
        }
    }

    /// The values of `record`'s headers named `name`, read in place.
    private static func headerValues(of record: KafkaRecord, named name: String) -> [String] {
        var values: [String] = []
        record.forEachHeader(named: name) { values.append(String(decoding: $0, as: UTF8.self)) }
        return values
    }

    @Test("a text key goes out as its UTF-8 bytes, to the partition those bytes give; an empty one stays an empty key")
    func textKeys() async throws {
        let kafka = try await BrokerFixture("text-keys", topics: ["records"], partitions: 8)
        let topic = kafka.topic("records")
        // Empty, small (kept inside the String) and long (on the heap), ASCII and not.
        let keys = ["", "a", "case-000123", "case-with-a-much-longer-reference-0001", "ünïcødé-çåsé"]
        var sent: [KafkaProducerRecord] = []
        for (index, key) in keys.enumerated() {
            sent.append(KafkaProducerRecord(topic: topic, key: key, value: Array("text \(index)".utf8)))
            sent.append(KafkaProducerRecord(topic: topic, key: Array(key.utf8), value: Array("bytes \(index)".utf8)))
        }
        let reports = try await kafka.produce(sent)
        for index in keys.indices {
            #expect(reports[2 * index].partition == reports[2 * index + 1].partition, "key \(keys[index])")
        }

        let received = try await kafka.readToEnd("records")
        for (index, key) in keys.enumerated() {
            let text = try #require(received.first { $0.valueString == "text \(index)" })
            #expect(text.key == Array(key.utf8), "key \(key)")
            #expect(text.partition == reports[2 * index].partition)
        }
    }
}
