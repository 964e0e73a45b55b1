import Foundation
import HomewardContract
import HomewardProcessing
import HomewardRuntime
import HomewardTestKit
import Kafka
import Logging

let runtimeLogger = BrokerFixture.logger("homeward.runtime-test", level: .error)

/// The test kit's embedded-broker fixture with a worker's topics (by
/// default the passthrough worker's), and the worker settings the runtime
/// tests share.
struct RuntimeFixture {
    let kafka: BrokerFixture

    init(roles: [TopicRole] = [PassThroughWorker.outputRole, PassThroughWorker().stateRole], partitions: Int32 = 4) async throws {
        kafka = try await BrokerFixture("rt", topics: [.caseEvents, .deadLetter] + roles, partitions: partitions, logger: runtimeLogger)
    }

    var prefix: String { kafka.prefix }
    var partitions: Int32 { kafka.partitions }
    var client: KafkaClientConfiguration { kafka.client }

    func workerConfiguration(group: String) -> WorkerConfiguration {
        WorkerConfiguration(client: client, topicPrefix: prefix, groupID: group, clock: .stream,
                            sessionTimeout: BrokerFixture.sessionTimeout, heartbeatInterval: BrokerFixture.heartbeatInterval,
                            maxBatchSize: 100, timerTick: .milliseconds(200), commitInterval: .milliseconds(500))
    }

    func produce(_ values: [(key: String, value: [UInt8])]) async throws {
        try await kafka.produce(values, to: .caseEvents)
    }

    func produce(_ events: ArraySlice<CaseEvent>) async throws {
        try await kafka.produce(events)
    }

    /// Every record of `role`, once it holds at least `count`.
    func read(_ role: TopicRole, atLeast count: Int, within limit: Duration = .seconds(60)) async throws -> [KafkaRecord] {
        try await kafka.readToEnd(role, atLeast: count, within: limit)
    }

    /// Every record of `role` up to each partition's end when called: all
    /// of it, once nobody writes to it any more.
    func readToEnd(_ role: TopicRole) async throws -> [KafkaRecord] {
        try await kafka.readToEnd(role)
    }

    /// Produces one event to each partition of case-events, for key
    /// `sentinel-<partition>`: once a worker's output for each is out, it
    /// has processed every record before them.
    func produceSentinels() async throws -> [String] {
        let keys = (0..<partitions).map { "sentinel-\($0)" }
        try await kafka.produce(keys.enumerated().map { partition, key in
            KafkaProducerRecord(topic: kafka.topic(.caseEvents), partition: Int32(partition), key: Array(key.utf8), value: caseEvent(key, 0))
        })
        return keys
    }

    /// Waits until `role` has an output for each of `sentinels` (an output
    /// keyed like its input); false if they are not all out within a minute.
    func awaitOutputs(of sentinels: [String], in role: TopicRole) async throws -> Bool {
        do {
            try await waitUntil("an output for each of \(sentinels) on \(kafka.topic(role))", within: .seconds(60), every: .milliseconds(250)) {
                let keys = Set(try await kafka.readToEnd(role).compactMap(\.keyString))
                return sentinels.allSatisfy(keys.contains)
            }
            return true
        } catch is DeadlineExceeded {
            return false
        }
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
