import Foundation
import HomewardContract
import HomewardTestKit
import Testing

@Suite("escalation-status records: written, read back, checked against their schema")
struct CaseEscalationStatusTests {
    static func sample(acknowledged: Bool = false, respondBy: Timestamp? = Timestamp(millisecondsSinceEpoch: 1_767_312_000_000)) -> CaseEscalationStatus {
        let raised = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)
        return CaseEscalationStatus(
            eventId: "esc-abc-status", escalationId: "esc-case-000001-sig-1", caseId: "case-000001", level: .urgent, acknowledged: acknowledged,
            lastChange: acknowledged ? .acknowledged : .levelRaised, step: 1, respondBy: respondBy, recommendation: .safetyAssessment,
            reasons: ["child-safety-event", "repeated-signals"], evidenceCount: 40, caseworkerId: "cw-0001", teamId: "team-north",
            raisedAt: raised, levelRaisedAt: raised.adding(hours: 5), changedAt: raised.adding(hours: 9))
    }

    static func decode(_ text: String) -> Result<CaseEscalationStatus, EventRejection> {
        Array(text.utf8).withUnsafeBytes { bytes in Result { () throws(EventRejection) in try CaseEscalationStatus(decoding: bytes) } }
    }

    @Test("a record reads back as it was written, acknowledged or not, with or without respondBy", arguments: [
        (false, true), (true, true), (false, false),
    ])
    func roundTrip(acknowledged: Bool, withDeadline: Bool) throws {
        let record = Self.sample(acknowledged: acknowledged, respondBy: withDeadline ? Timestamp(millisecondsSinceEpoch: 1_767_312_000_000) : nil)
        let text = String(decoding: record.encoded(), as: UTF8.self)
        #expect(try Self.decode(text).get() == record)
        #expect(text.contains(#""status":"\#(acknowledged ? "acknowledged" : "raised")""#))
    }

    @Test("an unknown status, a subject other than the case, or another type is rejected by its path", arguments: [
        (#""status":"raised""#, #""status":"open""#, "data.status"),
        (#""subject":"case-000001""#, #""subject":"case-000002""#, "subject"),
        (#""type":"org.homeward.escalation-status.v1""#, #""type":"org.homeward.escalation.v1""#, "type"),
        (#""evidenceCount":40"#, #""evidenceCount":-1"#, "data.evidenceCount"),
    ])
    func rejected(original: String, replacement: String, path: String) {
        let text = String(decoding: Self.sample().encoded(), as: UTF8.self)
        #expect(text.contains(original))
        guard case .failure(let rejection) = Self.decode(text.replacingOccurrences(of: original, with: replacement)) else {
            Issue.record("accepted: \(replacement)")
            return
        }
        #expect(rejection.path == path)
    }

    @Test("written records validate against config/schemas/org.homeward.escalation-status.v1.schema.json; a wrong one does not")
    func schema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("status-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.sample().encoded()).write(to: directory.appendingPathComponent("raised.json"))
        try Data(Self.sample(acknowledged: true, respondBy: nil).encoded()).write(to: directory.appendingPathComponent("acknowledged.json"))
        let wrong = String(decoding: Self.sample().encoded(), as: UTF8.self).replacingOccurrences(of: #""status":"raised""#, with: #""status":"open""#)
        try Data(wrong.utf8).write(to: directory.appendingPathComponent("wrong.json"))
        let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("schema_check.py")
        let checked = try await ChildProcess.run(ChildProcess.python, [checker.path, directory.path])
        try #require(checked.status == 0, "schema_check.py: \(checked.stderr)")
        let text = checked.stdout
        #expect(text.contains("raised.json\tvalid") && text.contains("acknowledged.json\tvalid"), "\(text)")
        #expect(!text.contains("wrong.json\tvalid"), "\(text)")
    }
}
