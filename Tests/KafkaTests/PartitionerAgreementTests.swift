import HomewardProcessing
import Kafka
import Testing

@Suite("Replay's partitioner agrees with librdkafka's")
struct PartitionerAgreementTests {
    @Test("every key lands on the partition KafkaKeyPartitioner computes")
    func samePartitions() async throws {
        let broker = try EmbeddedBroker(logger: testLogger)
        let topic = uniqueName("partitioner")
        try broker.createTopic(topic, partitions: 8)
        let producer = try KafkaProducer(configuration: producerConfiguration(broker), logger: testLogger)
        let keys = (0..<200).map { "case-\(String($0 * 7919, radix: 36))" } + ["", "a", "ab", "abc", "abcd", "ünïcødé"]
        let reports = try await producer.send(contentsOf: keys.map { KafkaProducerRecord(topic: topic, key: $0, value: "x") })
        await producer.shutdown()
        for (key, report) in zip(keys, reports) {
            #expect(Int(report.partition) == KafkaKeyPartitioner.partition(of: key, partitions: 8), "key \(key)")
        }
    }
}
