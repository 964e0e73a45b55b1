import Foundation
import HomewardContract
import HomewardNotification

/// Synthetic open escalations for `bench dashboard`: case references and
/// staff ids only, spread over levels and teams.
struct DashboardBenchSamples: Sendable {
    let count: Int
    let start = Timestamp.now

    static let teams = ["team-north", "team-south", "team-east", "team-west"]

    func caseId(_ number: Int) -> String { String(format: "case-%07d", number) }

    /// The status record of escalation `number`, `version` times changed.
    func statusBytes(_ number: Int, version: Int = 0, at time: Timestamp? = nil) -> [UInt8] {
        let level = EscalationLevel.allCases[number % 4]
        let changed = time ?? start
        return CaseEscalationStatus(
            eventId: Identifier(trusted: "esc-bench-\(number)-\(version)-status"), escalationId: Identifier(trusted: "esc-bench-\(number)"),
            caseId: Identifier(trusted: caseId(number)), level: level, acknowledged: number % 5 == 0, lastChange: version == 0 ? .raised : .evidenceAdded,
            step: 0, respondBy: level == .watch ? nil : start.adding(minutes: (number % 600) - 120), recommendation: .safetyAssessment,
            reasons: ["repeated-signals", "visit-overdue"], evidenceCount: 3 + version, caseworkerId: Identifier(trusted: String(format: "cw-%04d", number % 200)),
            teamId: Identifier(trusted: Self.teams[number % 4]), raisedAt: start.adding(hours: -(number % 72)), levelRaisedAt: start.adding(hours: -1),
            changedAt: changed).encoded()
    }

    /// A delivery report of escalation `number`'s e-mail to its supervisor.
    func delivery(_ number: Int) -> DeliveryReport {
        DeliveryReport(deliveryId: Identifier(trusted: "dlv-bench-\(number)"), recipientId: Identifier(trusted: String(format: "sup-%04d", number % 4)),
                       notificationIds: [Identifier(trusted: "ntf-bench-\(number)")], escalationIds: [Identifier(trusted: "esc-bench-\(number)")],
                       messageId: "hw-bench-\(number)@homeward.example", status: .sent, attempt: 1, at: start, until: nil, smtpCode: 250,
                       enhancedCode: "2.0.0", reply: "OK", reason: nil)
    }
}
