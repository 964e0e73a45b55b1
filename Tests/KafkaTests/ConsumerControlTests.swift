import Foundation
import HomewardTestKit
import Kafka
import Testing

@Suite("Consumer control: lag, seek, pause and resume", .timeLimit(.minutes(2)))
struct ConsumerControlTests {
    @Test("lag is high watermark minus position; seek rewinds; a paused partition is not fetched until resumed")
    func lagSeekPauseResume() async throws {
        let kafka = try await BrokerFixture("control", topics: ["records"], partitions: 2)
        let topic = kafka.topic("records")
        let p0 = KafkaTopicPartition(topic: topic, partition: 0)
        let p1 = KafkaTopicPartition(topic: topic, partition: 1)
        try await kafka.produce((0..<30).map {
            KafkaProducerRecord(topic: topic, partition: $0 % 2 == 0 ? 0 : 1, key: "k\($0)", value: "v\($0)")
        })

        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(maxBatchSize: 100), logger: kafka.logger)
        try consumer.assign([p0, p1], offsets: [p0: KafkaOffset.beginning, p1: 10])
        var iterator = consumer.batches.makeAsyncIterator()
        var seen: [KafkaTopicPartition: [Int64]] = [:]
        while seen[p0, default: []].count < 15 || seen[p1, default: []].count < 5 {
            let batch = try #require(try await iterator.next())
            for record in batch { seen[record.topicPartition, default: []].append(record.offset) }
        }
        #expect(seen[p0] == Array(0..<15))
        #expect(seen[p1] == Array(10..<15), "assign honours the start offset")
        var lag: [KafkaPartitionLag] = []
        try await waitUntil("lag 0 at high watermark 15 on both partitions (it was \(lag))") {
            lag = consumer.lag()
            return lag.allSatisfy { $0.lag == 0 && $0.highWatermark == 15 }
        }

        // Seek back: partition 0 is read again from offset 5.
        try await consumer.seek(p0, to: 5)
        var again: [Int64] = []
        while again.count < 10 {
            let batch = try #require(try await iterator.next())
            again += batch.filter { $0.partition == 0 }.map(\.offset)
        }
        #expect(again == Array(5..<15))

        // Pause partition 1, produce to both: only partition 0's records come.
        try consumer.pause([p1])
        try await kafka.produce((0..<4).map {
            KafkaProducerRecord(topic: topic, partition: $0 % 2 == 0 ? 0 : 1, key: "late\($0)", value: "late\($0)")
        })
        var afterPause: [KafkaRecord] = []
        while afterPause.count < 2 {
            let batch = try #require(try await iterator.next())
            afterPause += batch
        }
        #expect(afterPause.allSatisfy { $0.partition == 0 })
        var pausedLag: Int64?
        try await waitUntil("the paused partition's records wait, visible as lag 2 (it was \(pausedLag.map(String.init) ?? "unknown"))") {
            pausedLag = try await consumer.currentLag().first { $0.topicPartition == p1 }?.lag
            return pausedLag == 2
        }

        try consumer.resume([p1])
        var afterResume: [KafkaRecord] = []
        while afterResume.count < 2 {
            let batch = try #require(try await iterator.next())
            afterResume += batch
        }
        #expect(afterResume.map(\.partition) == [1, 1])
        #expect(afterResume.map(\.offset) == [15, 16])
        await consumer.close()
    }

    @Test("a seek after close fails at once: no consumer thread is left to run it")
    func seekAfterCloseFails() async throws {
        let kafka = try await BrokerFixture("seek-closed", topics: ["records"], partitions: 1)
        let partition = KafkaTopicPartition(topic: kafka.topic("records"), partition: 0)
        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(), logger: kafka.logger)
        try consumer.assign([partition], offsets: [partition: KafkaOffset.beginning])
        await consumer.close()
        let error = await #expect(throws: KafkaError.self) { try await consumer.seek(partition, to: 0) }
        #expect(error?.operation == .assignment)
    }
}
