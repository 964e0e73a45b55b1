import Foundation
import HomewardContract
import HomewardTestKit
import Kafka
import Testing

@Suite("homeward dead-letter on the embedded broker")
struct DeadLetterCommandTests {
    static func deadLetter(_ arguments: [String], on fixture: BrokerFixture) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await HomewardProcess(["dead-letter"] + arguments + ["--brokers", fixture.bootstrapServers, "--topic-prefix", fixture.prefix]).wait()
    }

    @Test("list shows invalid JSON on case-events with its worker, reason and source, never its value; replay sends it back once and the scheduler dead-letters it again")
    func listAndReplayInvalidInput() async throws {
        let fixture = try await BrokerFixture("dead-letter", topics: WorkerProcess.Worker.scheduler.topics)
        try await fixture.produce([(key: "case-000001", value: Array(ToolFixtures.reopened.utf8)),
                                   (key: "case-000002", value: Array(ToolFixtures.notJSON.utf8))], to: .caseEvents)
        let scheduler = try WorkerProcess(.scheduler, on: fixture)
        try await fixture.waitUntilConsumed(by: scheduler.group, [.caseEvents], within: .seconds(60))
        let original = try #require(try await fixture.readToEnd(.caseEvents).first { $0.keyString == "case-000002" })

        let listed = try await Self.deadLetter(["list"], on: fixture)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("worker scheduler  reason json  from \(fixture.topic(.caseEvents)) \(original.partition):\(original.offset)  key case-000002"),
                "\(listed.stdout)")
        #expect(listed.stdout.contains("(record): expected a JSON object"))
        #expect(!listed.stdout.contains("specversion"), "the value is never printed")
        #expect(listed.stderr.contains("1 dead letters\nby reason: json 1\nby worker: scheduler 1\nby source topic: \(fixture.topic(.caseEvents)) 1"),
                "\(listed.stderr)")

        let json = try await Self.deadLetter(["list", "--json", "--reason", "json", "--worker", "scheduler"], on: fixture)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let position = "\(try #require(entry["partition"] as? Int)):\(try #require(entry["offset"] as? Int))"

        let replayed = try await Self.deadLetter(["replay", "--offset", position], on: fixture)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout.hasPrefix("sent \(position) to \(fixture.topic(.caseEvents)) "), "\(replayed.stdout)")
        #expect(replayed.stderr.contains("replayed 1 of 1 chosen dead letters"))

        let sentBack = try await fixture.readToEnd(.caseEvents).filter { $0.value == Array(ToolFixtures.notJSON.utf8) }
        #expect(sentBack.count == 2, "the record is on case-events again, once")
        #expect(sentBack.allSatisfy { $0.keyString == "case-000002" })
        let again = try await fixture.readToEnd(.deadLetter, atLeast: 2, within: .seconds(60))
        #expect(Set(again.compactMap { $0.headers.string(named: "homeward-source-offset") }).count == 2,
                "dead-lettered again, from its new offset")
        try await scheduler.stop()
    }

    @Test("a failed e-mail's dead letter, without source headers, is listed and replays to notifications (not with --dry-run)")
    func failedEmailGoesToNotifications() async throws {
        let fixture = try await BrokerFixture("dead-letter-mail", topics: [.deadLetter, .notifications])
        let notification = #"{"specversion":"1.0","id":"ntf-e7-cw-0042","type":"org.homeward.notification.v1","subject":"cw-0042","data":{}}"#
        try await fixture.produce([KafkaProducerRecord(
            topic: fixture.topic(.deadLetter), key: "cw-0042", value: notification,
            headers: [KafkaHeader(name: "homeward-error", value: "550 5.1.1 mailbox unknown"),
                      KafkaHeader(name: "homeward-error-kind", value: "undeliverable"),
                      KafkaHeader(name: "homeward-worker", value: "notifier-delivery")])])

        let listed = try await Self.deadLetter(["list", "--worker", "notifier-delivery"], on: fixture)
        #expect(listed.stdout.contains("from (no source headers)  key cw-0042  event ntf-e7-cw-0042 org.homeward.notification.v1"), "\(listed.stdout)")
        #expect(listed.stderr.contains("by source topic: (none) 1"))

        let dry = try await Self.deadLetter(["replay", "--reason", "undeliverable", "--dry-run"], on: fixture)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would send") && dry.stdout.contains("to \(fixture.topic(.notifications)): key cw-0042"), "\(dry.stdout)")
        #expect(try await fixture.recordCount(.notifications) == 0, "a dry run sends nothing")

        let sent = try await Self.deadLetter(["replay", "--reason", "undeliverable"], on: fixture)
        #expect(sent.status == 0, "\(sent.stderr)")
        let notifications = try await fixture.readToEnd(.notifications)
        #expect(notifications.map(\.keyString) == ["cw-0042"])
        #expect(notifications.first?.value == Array(notification.utf8))
        #expect(notifications.first?.headers.string(named: "homeward-replayed-from") != nil)
    }

    @Test("replay without --offset or --reason is refused with what to name")
    func replayNeedsAChoice() async throws {
        let result = try await HomewardProcess(["dead-letter", "replay", "--worker", "scheduler", "--brokers", "127.0.0.1:1"]).wait()
        #expect(result.status == 64)
        #expect(result.stderr.contains("--offset PARTITION:OFFSET"), "\(result.stderr)")
    }
}
