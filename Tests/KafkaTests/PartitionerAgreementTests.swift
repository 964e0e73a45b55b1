import HomewardProcessing
import HomewardTestKit
import Kafka
import Testing

@Suite("Replay's partitioner agrees with librdkafka's")
struct PartitionerAgreementTests {
    @Test("every key lands on the partition KafkaKeyPartitioner computes")
    func samePartitions() async throws {
        let kafka = try await BrokerFixture("partitioner", topics: ["records"], partitions: 8)
        let topic = kafka.topic("records")
        let keys = (0..<200).map { "case-\(String($0 * 7919, radix: 36))" } + ["", "a", "ab", "abc", "abcd", "ünïcødé"]
        let reports = try await kafka.produce(keys.map { KafkaProducerRecord(topic: topic, key: $0, value: "x") })
        for (key, report) in zip(keys, reports) {
            #expect(Int(report.partition) == KafkaKeyPartitioner.partition(of: key, partitions: 8), "key \(key)")
        }
    }
}
