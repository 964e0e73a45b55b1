import HomewardBoard
import HomewardContract
import HomewardNotification

/// Synthetic escalation-status records and delivery reports for the board's tests.
enum BoardSamples {
    static let start = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)  // 2026-01-01T00:00:00Z

    static func at(hours: Double) -> Timestamp {
        start.adding(milliseconds: Int64(hours * 3_600_000))
    }

    static func status(_ caseId: String, _ level: EscalationLevel, team: String = "team-north", respondBy: Timestamp? = nil,
                       acknowledged: Bool = false, escalation: String? = nil, changed: Timestamp = start) -> CaseEscalationStatus {
        CaseEscalationStatus(eventId: Identifier(trusted: "ess-\(caseId)"), escalationId: Identifier(trusted: escalation ?? "esc-\(caseId)"),
                             caseId: Identifier(trusted: caseId), level: level, acknowledged: acknowledged,
                             lastChange: acknowledged ? .acknowledged : .raised, step: 0, respondBy: respondBy,
                             recommendation: .safetyAssessment, reasons: ["child-safety-event"], evidenceCount: 1,
                             caseworkerId: Identifier(trusted: "cw-0001"), teamId: Identifier(trusted: team), raisedAt: start,
                             levelRaisedAt: start, changedAt: changed)
    }

    static func delivery(_ escalationId: String, to recipient: String, _ status: DeliveryStatus, at: Timestamp,
                         until: Timestamp? = nil) -> DeliveryReport {
        DeliveryReport(deliveryId: Identifier(trusted: "dlv-\(escalationId)-\(recipient)-\(status.rawValue)"),
                       recipientId: Identifier(trusted: recipient), notificationIds: [Identifier(trusted: "ntf-\(escalationId)-\(recipient)")],
                       escalationIds: [Identifier(trusted: escalationId)], messageId: "hw-x@homeward.example", status: status, attempt: 1,
                       at: at, until: until, smtpCode: nil, enhancedCode: nil, reply: nil, reason: nil)
    }
}
