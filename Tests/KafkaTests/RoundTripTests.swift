import Foundation
import Kafka
import Testing

@Suite("Producer and consumer round trip")
struct RoundTripTests {
    @Test("keys, headers and timestamps survive the round trip and order is kept per key")
    func roundTrip() async throws {
        let broker = try EmbeddedBroker(logger: testLogger)
        let topic = uniqueName("round-trip")
        try broker.createTopic(topic, partitions: 4)

        let producer = try KafkaProducer(configuration: producerConfiguration(broker), logger: testLogger)
        let baseTime: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
        var sent: [KafkaProducerRecord] = []
        for i in 0..<400 {
            sent.append(KafkaProducerRecord(
                topic: topic,
                key: "case-\(i % 7)",
                value: "{\"n\":\(i)}",
                headers: [KafkaHeader(name: "homeward-seq", value: "\(i)"), KafkaHeader(name: "empty", value: [])],
                timestampMilliseconds: baseTime + Int64(i)))
        }
        let single = try await producer.send(KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: nil as [UInt8]?, timestampMilliseconds: baseTime))
        #expect(single.offset != nil)
        let reports = try await producer.send(contentsOf: sent)
        #expect(reports.count == sent.count)
        #expect(reports.allSatisfy { $0.isDelivered })
        await producer.shutdown()

        let consumer = try KafkaConsumer(configuration: consumerConfiguration(broker, group: nil), logger: testLogger)
        try consumer.assign((0..<4).map { KafkaTopicPartition(topic: topic, partition: $0) })
        var received: [KafkaRecord] = []
        for try await batch in consumer.batches {
            received.append(contentsOf: batch)
            if received.count >= sent.count + 1 { break }
        }
        await consumer.close()

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
            #expect(record.headers.map(\.name) == ["homeward-seq", "empty"])
            #expect(record.headers[1].value == [])
        }
        // Per key, records arrive in the order they were produced.
        let byKey = Dictionary(grouping: keyed, by: { $0.keyString! })
        for (_, records) in byKey {
            let sequence = records.compactMap { $0.headers.string(named: "homeward-seq").flatMap(Int.init) }
            #expect(sequence == sequence.sorted())
            #expect(Set(records.map(\.partition)).count == 1)
        }
    }
}
