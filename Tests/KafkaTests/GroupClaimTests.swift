import HomewardTestKit
import Kafka
import Testing

@Suite("Claiming a consumer group to move its offsets", .serialized)
struct GroupClaimTests {
    /// Settings of the claim (and of the member it meets) on the fixture's broker.
    static func configuration(_ kafka: BrokerFixture, group: String) -> KafkaConsumerConfiguration {
        kafka.consumerConfiguration(group: group, maxBatchSize: 10)
    }

    @Test("a claim alone in its group, even one whose members have left, is handed every partition and commits as its member")
    func aloneCommits() async throws {
        let kafka = try await BrokerFixture("claim-alone", topics: ["in", "other"], partitions: 3)
        let group = kafka.prefix + "workers"
        let partitions = try await kafka.partitions(of: "in") + kafka.partitions(of: "other")
        try await kafka.produce((0..<30).map { KafkaProducerRecord(topic: kafka.topic("in"), key: "k\($0)", value: "v\($0)") })

        // A member that has been and gone: the group exists, with commits of its own.
        let earlier = try KafkaConsumer(configuration: Self.configuration(kafka, group: group), logger: kafka.logger)
        try earlier.subscribe(to: [kafka.topic("in"), kafka.topic("other")])
        try await waitUntil("the earlier member is handed its partitions") { earlier.assignment.count == partitions.count }
        try await earlier.commit(Dictionary(uniqueKeysWithValues: partitions.map { ($0, 5) }))
        await earlier.close()

        let claim = try KafkaGroupClaim(configuration: Self.configuration(kafka, group: group),
                                        topics: [kafka.topic("in"), kafka.topic("other")], logger: kafka.logger)
        let handed = try await claim.join(within: .seconds(30))
        #expect(handed == Set(partitions))
        #expect(claim.heldSinceJoin)
        try await claim.commit(Dictionary(uniqueKeysWithValues: partitions.map { ($0, 0) }))
        await claim.leave()

        let committed = try await kafka.committedOffsets(group: group, "in").merging(kafka.committedOffsets(group: group, "other")) { $1 }
        #expect(committed == Dictionary(uniqueKeysWithValues: partitions.map { ($0, 0) }))
    }

    @Test("a claim that meets a running member is handed only part of the partitions")
    func meetsMember() async throws {
        let kafka = try await BrokerFixture("claim-shared", topics: ["in"], partitions: 4)
        let group = kafka.prefix + "workers"
        let member = try KafkaConsumer(configuration: Self.configuration(kafka, group: group), logger: kafka.logger)
        try member.subscribe(to: [kafka.topic("in")])
        let polling = Task { do { for try await _ in member.batches {} } catch {} }
        try await waitUntil("the member is handed the partitions") { member.assignment.count == 4 }

        let claim = try KafkaGroupClaim(configuration: Self.configuration(kafka, group: group), topics: [kafka.topic("in")],
                                        logger: kafka.logger)
        let handed = try await claim.join(within: .seconds(30))
        await claim.leave()
        await member.close()
        await polling.value
        #expect(handed.count < 4, "the member kept some: the claim was handed \(handed.count)")
    }

    @Test("a member that joins after the claim moves partitions, and the claim knows")
    func noticesLaterMember() async throws {
        let kafka = try await BrokerFixture("claim-later", topics: ["in"], partitions: 4)
        let group = kafka.prefix + "workers"
        let claim = try KafkaGroupClaim(configuration: Self.configuration(kafka, group: group), topics: [kafka.topic("in")],
                                        logger: kafka.logger)
        #expect(try await claim.join(within: .seconds(30)).count == 4)

        let member = try KafkaConsumer(configuration: Self.configuration(kafka, group: group), logger: kafka.logger)
        try member.subscribe(to: [kafka.topic("in")])
        let polling = Task { do { for try await _ in member.batches {} } catch {} }
        try await waitUntil("the claim notices the rebalance", within: .seconds(30)) { !claim.heldSinceJoin }
        await claim.leave()
        await member.close()
        await polling.value
    }
}
