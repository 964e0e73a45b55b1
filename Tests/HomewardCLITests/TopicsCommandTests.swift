import Foundation
import HomewardContract
import HomewardTestKit
import Testing

@Suite("homeward topics on the embedded broker")
struct TopicsCommandTests {
    static func topics(_ arguments: [String], on fixture: BrokerFixture) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await HomewardProcess(["topics"] + arguments + ["--brokers", fixture.bootstrapServers, "--topic-prefix", fixture.prefix]).wait()
    }

    @Test("create on a broker holding every topic reports each as existing, the same way twice, and that configuration is not checked there")
    func createIsIdempotent() async throws {
        let fixture = try await BrokerFixture("topics-ok", topics: TopicCatalog.roles, partitions: 8)
        for _ in 0..<2 {
            let result = try await Self.topics(["create"], on: fixture)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            for name in fixture.catalog.allNames {
                #expect(result.stdout.contains("exists   \(name): 8 partitions, replication factor 1"), "\(result.stdout)")
            }
            #expect(result.stdout.contains("does not answer DescribeConfigs: only partitions and replicas are checked"))
            #expect(result.stdout.contains("11 topics: 0 created, 11 existed, 0 problems"))
        }
    }

    @Test("create reports a state topic with fewer partitions than its input, and a topic the embedded broker cannot create, each with the fix, and exits 1")
    func createReportsMismatch() async throws {
        let fixture = try await BrokerFixture("topics-mismatch", topics: TopicCatalog.roles.filter { ![.scheduleState, .escalationStatus].contains($0) },
                                              partitions: 8)
        try await fixture.createTopics([.scheduleState], partitions: 4)
        let result = try await Self.topics(["create"], on: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("PROBLEM \(fixture.topic(.scheduleState)): 4 partitions, but \(fixture.topic(.caseEvents)) has 8: a state topic must have as many partitions as its input"), "\(result.stdout)")
        #expect(result.stdout.contains("delete \(fixture.topic(.scheduleState)) and run `homeward topics create` again"))
        #expect(result.stdout.contains("PROBLEM \(fixture.topic(.escalationStatus)): missing: the embedded broker cannot create topics over the protocol"))
        #expect(result.stdout.contains("11 topics: 0 created, 10 existed, 2 problems"))
    }

    @Test("describe prints every topic's partitions and replicas as the broker reports them and flags the mismatch")
    func describeFlagsMismatch() async throws {
        let fixture = try await BrokerFixture("topics-describe", topics: TopicCatalog.roles.filter { $0 != .notifierState }, partitions: 8)
        try await fixture.createTopics([.notifierState], partitions: 2)
        let result = try await Self.topics(["describe"], on: fixture)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(fixture.topic(.caseEvents)): 8 partitions, replication factor 1"), "\(result.stdout)")
        #expect(lines.contains("\(fixture.topic(.notifierState)): 2 partitions, replication factor 1"))
        #expect(lines.contains { $0.hasPrefix("PROBLEM \(fixture.topic(.notifierState)): 2 partitions, but \(fixture.topic(.notifications)) has 8") })
        #expect(lines.filter { $0.hasPrefix("PROBLEM") }.count == 1)
    }
}
