import HomewardContract
import HomewardTestKit
import Kafka
import Testing

@Suite("BrokerFixture on the embedded broker")
struct BrokerFixtureTests {
    static func numbered(_ count: Int, from first: Int = 0) -> [(key: String, value: [UInt8])] {
        (first..<first + count).map { (key: "case-\($0 % 7)", value: Array("event-\($0)".utf8)) }
    }

    @Test("a read to the end returns every record on the topic, each partition in offset order")
    func readToEnd() async throws {
        let kafka = try await BrokerFixture("read", topics: [.caseEvents])
        try await kafka.produce(Self.numbered(100), to: .caseEvents)
        let records = try await kafka.readToEnd(.caseEvents)
        #expect(records.map { String(decoding: $0.value ?? [], as: UTF8.self) }.sorted() == (0..<100).map { "event-\($0)" }.sorted())
        let offsets = Dictionary(grouping: records, by: \.partition).mapValues { $0.map(\.offset) }
        #expect(offsets.values.allSatisfy { $0 == Array(0..<Int64($0.count)) }, "\(offsets)")
        #expect(try await kafka.recordCount(.caseEvents) == 100)
    }

    @Test("a read of an empty topic ends at once with nothing")
    func emptyTopic() async throws {
        let kafka = try await BrokerFixture("empty", topics: [.reminders])
        #expect(try await kafka.readToEnd(.reminders).isEmpty)
    }

    @Test("a read for at least n records waits until another task has produced them")
    func readAtLeast() async throws {
        let kafka = try await BrokerFixture("at-least", topics: [.reminders])
        async let produced: Void = kafka.produce(Self.numbered(30), to: .reminders)
        let records = try await kafka.readToEnd(.reminders, atLeast: 30)
        try await produced
        #expect(records.count == 30)
    }

    @Test("a group is consumed once it has committed every record that was on its inputs; until then the wait says how far it got")
    func consumedByGroup() async throws {
        let kafka = try await BrokerFixture("consumed", topics: [.caseEvents])
        try await kafka.produce(Self.numbered(10), to: .caseEvents)
        let group = kafka.prefix + "reader"
        let unconsumed = await #expect(throws: DeadlineExceeded.self) {
            try await kafka.waitUntilConsumed(by: group, [.caseEvents], within: .milliseconds(300))
        }
        #expect(unconsumed?.description.contains("0 of 10 records of \(kafka.topic(.caseEvents))") == true, "\(String(describing: unconsumed))")

        let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), logger: kafka.logger)
        try consumer.subscribe(to: [kafka.topic(.caseEvents)])
        var read = 0
        for try await batch in consumer.batches {
            try consumer.markProcessed(batch)
            read += batch.count
            if read == 10 { break }
        }
        try await consumer.commit()
        await consumer.close()
        try await kafka.waitUntilConsumed(by: group, [.caseEvents], within: .seconds(10))
    }

    @Test("a fixture connected to a running broker by address reads what is there, under its own prefix")
    func connected() async throws {
        let embedded = try await BrokerFixture("owner", topics: [.caseEvents])
        try await embedded.produce(Self.numbered(5), to: .caseEvents)
        let connected = try BrokerFixture(connectingTo: embedded.bootstrapServers, prefix: embedded.prefix)
        #expect(connected.broker == nil)
        #expect(try await connected.readToEnd(.caseEvents).count == 5)
    }

    @Test("a wait that runs out says what it waited for")
    func deadline() async throws {
        let error = await #expect(throws: DeadlineExceeded.self) {
            try await waitUntil("the sun rises in the west", within: .milliseconds(100)) { false }
        }
        #expect(error?.awaited == "the sun rises in the west")
        let value = try await withDeadline(.seconds(10), "an answer") { 42 }
        #expect(value == 42)
    }
}
