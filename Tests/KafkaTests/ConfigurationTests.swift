import HomewardTestKit
import Kafka
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("an unknown property fails at creation and names the property")
    func unknownProperty() throws {
        var client = KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"])
        client.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: BrokerFixture.logger())
        }
        #expect(error?.property == "no.such.property")
        #expect(error?.operation == .configuration)
        #expect(error?.description.contains("no.such.property") == true)
        #expect(error?.description.contains("unknown property") == true)
    }

    @Test("an invalid value fails at creation with librdkafka's message and the property's name")
    func invalidValue() throws {
        var client = KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"])
        client.properties["session.timeout.ms"] = "not-a-number"
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: client, groupID: "g"), logger: BrokerFixture.logger())
        }
        #expect(error?.property == "session.timeout.ms")
        #expect(error?.message.contains("session.timeout.ms") == true)
    }

    @Test("SASL and SSL properties pass through to librdkafka")
    func securityPassthrough() throws {
        var client = KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"])
        client.properties["security.protocol"] = "sasl_plaintext"
        client.properties["sasl.mechanisms"] = "PLAIN"
        client.properties["sasl.username"] = "homeward"
        client.properties["sasl.password"] = "synthetic-secret"
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: BrokerFixture.logger())
        _ = producer
    }
}
