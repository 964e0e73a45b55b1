import Foundation
import HomewardContract
import HomewardProcessing
import HomewardRuntime
import Kafka
import Logging

let runtimeLogger: Logger = {
    var logger = Logger(label: "homeward.runtime-test")
    logger.logLevel = ProcessInfo.processInfo.environment["HOMEWARD_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
    return logger
}()

/// An embedded broker with a worker's topics under a unique prefix
/// (by default the passthrough worker's).
struct RuntimeFixture {
    let broker: EmbeddedBroker
    let prefix: String
    let partitions: Int32

    init(roles: [String] = ["passthrough", "passthrough-state"], partitions: Int32 = 4) async throws {
        self.partitions = partitions
        broker = try EmbeddedBroker(logger: runtimeLogger)
        prefix = "rt\(UUID().uuidString.prefix(6).lowercased())."
        try await broker.createTopics((["case-events", "dead-letter"] + roles).map {
            KafkaTopicSpec(name: prefix + $0, partitions: partitions)
        })
    }

    var client: KafkaClientConfiguration { KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "runtime-test") }

    func workerConfiguration(group: String) -> WorkerConfiguration {
        WorkerConfiguration(client: client, topicPrefix: prefix, groupID: group, clock: .stream,
                            sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1), maxBatchSize: 100,
                            timerTick: .milliseconds(200), commitInterval: .milliseconds(500))
    }

    func produce(_ values: [(key: String, value: [UInt8])]) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: runtimeLogger)
        let reports = try await producer.send(contentsOf: values.map {
            KafkaProducerRecord(topic: prefix + "case-events", key: Array($0.key.utf8), value: $0.value)
        })
        await producer.shutdown()
        precondition(reports.allSatisfy(\.isDelivered))
    }

    func produce(_ events: ArraySlice<CaseEvent>) async throws {
        let encoder = JSONEncoder()
        try await produce(try events.map { (key: $0.key, value: Array(try encoder.encode($0))) })
    }

    /// Every record of `role` so far (reads until `count` are there or the deadline passes).
    func read(_ role: String, atLeast count: Int, within limit: Duration = .seconds(60)) async throws -> [KafkaRecord] {
        try await read(role, within: limit) { $0.count >= count }
    }
}

func caseEvent(_ caseId: String, _ n: Int) -> [UInt8] {
    let minute = String(n % 60).leftPad(2), hour = String(n / 60 % 24).leftPad(2)
    return Array(#"{"specversion":"1.0","id":"evt-\#(caseId)-\#(n)","source":"/test","type":"org.homeward.case.reopened.v1","time":"2026-01-01T\#(hour):\#(minute):00Z","subject":"\#(caseId)","datacontenttype":"application/json","data":{"reason":"other"}}"#.utf8)
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

extension KafkaRecord {
    var text: String { String(decoding: value ?? [], as: UTF8.self) }
}
