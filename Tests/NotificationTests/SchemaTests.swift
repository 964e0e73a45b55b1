import Foundation
import HomewardContract
import HomewardNotification
import HomewardProcessing
import HomewardTestKit
import Testing

/// The notifier's events against the published JSON Schemas, with the
/// project's checker (`Tests/ContractTests/schema_check.py`, python3 and jsonschema).
@Suite("Notifications and delivery reports validate against config/schemas")
struct SchemaTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ContractTests/schema_check.py")

    /// The checker's verdict per file name for `events`.
    func verdicts(_ events: [String: [UInt8]]) async throws -> [String: String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notifier-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in events { try Data(bytes).write(to: directory.appendingPathComponent(name + ".json")) }
        let checked = try await ChildProcess.run(ChildProcess.python, [Self.checker.path, directory.path])
        try #require(checked.status == 0, "schema_check.py: \(checked.stderr)")
        var verdicts: [String: String] = [:]
        for line in checked.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if fields.count == 2 { verdicts[String(fields[0].dropLast(5))] = fields[1] }
        }
        return verdicts
    }

    @Test("every notification the fan-out makes, and every delivery status, is valid")
    func valid() async throws {
        var events: [String: [UInt8]] = [:]
        for (index, content) in try PrivacyTests.everyKind().enumerated() {
            for item in content.notifications { events["notification-\(index)-\(item.kind)"] = item.encoded() }
        }
        var state: FanOutCase?
        _ = try fannedOut(.escalation(escalation(.urgent, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker])), state: &state)
        let cancelling = try fannedOut(.escalation(escalation(.urgent, .acknowledged, at: at("2026-03-04T10:00:00Z"), notify: [])), state: &state)
        events["notification-cancelling"] = try #require(cancelling.notifications.first).encoded()

        var recipient = try DeliveryHarness()
        let saturday = at("2026-03-07T11:00:00Z")
        recipient.receive(try notification(.reminder(reminder(.visitDueSoon, at: saturday))), at: saturday)
        recipient.receive(try notification(.reminder(reminder(.visitOverdue, at: saturday))), at: saturday)
        var reviewState: FanOutCase?
        let review = try fannedOut(.escalation(escalation(.review, at: saturday)), state: &reviewState).notifications
        let resolved = try fannedOut(.escalation(escalation(.review, .resolved, at: saturday, notify: [])), state: &reviewState).notifications
        recipient.receive(try #require(review.first), at: saturday)
        recipient.receive(try #require(resolved.first), at: saturday)
        recipient.receive(try notification(.escalation(escalation(.urgent, at: saturday, id: "esc-2"))), at: saturday)
        recipient.complete(try #require(recipient.sends.last), greylisted, at: saturday.adding(seconds: 1))
        recipient.advance(to: try #require(recipient.reports.last?.until))
        recipient.restart(at: saturday.adding(minutes: 5))
        recipient.complete(try #require(recipient.sends.last), accepted, at: saturday.adding(minutes: 6))
        recipient.receive(try notification(.escalation(escalation(.emergency, at: saturday, id: "esc-3"))), at: saturday.adding(minutes: 7))
        recipient.complete(try #require(recipient.sends.last), .permanentFailure(code: 550, enhancedCode: "5.1.1", reason: "no such mailbox"),
                           at: saturday.adding(minutes: 8))
        recipient.receive(try notification(.escalation(escalation(.emergency, at: saturday, id: "esc-4"))), at: saturday.adding(minutes: 9))
        recipient.complete(try #require(recipient.sends.last), .writtenToFile, at: saturday.adding(minutes: 10))
        let statuses = Set(recipient.statuses)
        #expect(statuses == Set(DeliveryStatus.allCases), "every status is exercised: \(statuses)")
        for report in recipient.reports { events["delivery-\(report.deliveryId)"] = report.encoded() }

        let verdicts = try await verdicts(events)
        #expect(verdicts.count == events.count)
        for (name, verdict) in verdicts { #expect(verdict == "valid", "\(name): \(verdict)") }
    }

    @Test("a delivery report's record is counted as an e-mail by its outcome")
    func countedByOutcome() {
        for status in DeliveryStatus.allCases {
            let report = DeliveryReport(emailId: "x", recipientId: "cw-0001", notifications: [], messageId: "hw-x@homeward.example",
                                        status: status, attempt: 1, at: at("2026-03-04T09:00:00Z"))
            #expect(report.record.metric == OutputMetric(label: "homeward_emails_total", dimensions: [.init("outcome", status.rawValue)]))
        }
    }

    @Test("a notification decodes back to itself, and a delivery report never carries an address")
    func roundTrip() throws {
        let item = try notification(.escalation(escalation(.urgent, at: at("2026-03-04T09:00:00Z"))))
        #expect(try item.encoded().withUnsafeBytes { bytes throws(EventRejection) in try StaffNotification(decoding: bytes) } == item)
        let report = DeliveryReport(emailId: "x", recipientId: "cw-0001", notifications: [], messageId: "hw-x@homeward.example",
                                    status: .sent, attempt: 1, at: at("2026-03-04T09:00:00Z"), smtpCode: 250, enhancedCode: "2.0.0",
                                    reply: "OK <a.devries@example.org> queued")
        #expect(report.reply == "OK [address] queued")
    }

    @Test("a delivery report names its notifications' escalations once each, and decodes back to itself")
    func reportRoundTrip() throws {
        let urgent = try notification(.escalation(escalation(.urgent, at: at("2026-03-04T09:00:00Z"))))
        let report = DeliveryReport(emailId: "x", recipientId: urgent.recipientId, notifications: [urgent, urgent], messageId: "hw-x@homeward.example",
                                    status: .retrying, attempt: 2, at: at("2026-03-04T09:00:00Z"), until: at("2026-03-04T09:05:00Z"),
                                    smtpCode: 451, enhancedCode: "4.3.0", reply: "try later", reason: "transient")
        #expect(report.escalationIds == [try #require(urgent.escalationId)])
        #expect(try report.encoded().withUnsafeBytes { bytes throws(EventRejection) in try DeliveryReport(decoding: bytes) } == report)
        let reminderOnly = DeliveryReport(emailId: "y", recipientId: "cw-0001", notifications: [], messageId: "hw-y@homeward.example",
                                          status: .sent, attempt: 1, at: at("2026-03-04T09:00:00Z"))
        #expect(!String(decoding: reminderOnly.encoded(), as: UTF8.self).contains("escalationIds"))
    }
}
