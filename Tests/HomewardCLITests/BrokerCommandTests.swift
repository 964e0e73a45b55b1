import Foundation
import HomewardContract
import Kafka
import Testing

@Suite("homeward broker")
struct BrokerCommandTests {
    @Test("prints its bootstrap address first, serves Kafka clients, and exits 0 on SIGTERM")
    func brokerServesAndStopsCleanly() async throws {
        let broker = try HomewardProcess(["broker", "--brokers", "2", "--topics", "cli.events:3,cli.state"])
        let address = broker.firstLine()
        #expect(address.hasPrefix("127.0.0.1:"))

        // Any Kafka client can use it: produce and read back through the address.
        let client = KafkaClientConfiguration(brokers: address, clientID: "cli-test")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client))
        let report = try await producer.send(KafkaProducerRecord(topic: "cli.events", key: "case-1", value: "hello"))
        #expect((0..<3).contains(report.partition))
        await producer.shutdown()

        let admin = try KafkaTopicAdmin(configuration: client)
        #expect(try await admin.partitionCount(of: "cli.events") == 3)
        #expect(try await admin.partitionCount(of: "cli.state") == 8)

        broker.process.terminate()  // SIGTERM
        let result = await broker.wait()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing but the address on stdout")
    }

    @Test("without --topics it creates Homeward's topics under the prefix")
    func defaultTopics() async throws {
        let broker = try HomewardProcess(["broker", "--partitions", "4"])
        let address = broker.firstLine()
        let admin = try KafkaTopicAdmin(configuration: KafkaClientConfiguration(brokers: address))
        for topic in TopicCatalog(prefix: "homeward.").allNames {
            #expect(try await admin.partitionCount(of: topic) == 4, "\(topic)")
        }
        broker.send(SIGINT)
        #expect(await broker.wait().status == 0)
    }

    @Test("a bad option is refused with a message that says what to fix")
    func badOption() async throws {
        let broker = try HomewardProcess(["broker", "--topics", "x:zero"])
        let result = await broker.wait()
        #expect(result.status != 0)
        #expect(result.stderr.contains("NAME:PARTITIONS"))
    }
}
