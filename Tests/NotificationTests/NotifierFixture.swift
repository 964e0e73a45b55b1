import Foundation
import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

/// The shipped configuration, a small directory the specifications are
/// about, and builders of reminders, escalations and notifications.
enum NotifierFixture {
    /// `config/`, found from this file's path.
    static let config = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // NotificationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("config")

    /// The text of `config/<path>`.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: config.appendingPathComponent(path), encoding: .utf8)
    }

    private static let loadedPolicy: Result<NotifierPolicy, any Error> = Result {
        try NotifierPolicy(yaml: try text("policies/" + NotifierPolicy.fileName))
    }

    private static let loadedTemplates: Result<NotificationTemplates, any Error> = Result {
        try NotificationTemplates(directory: config.appendingPathComponent(NotificationTemplates.directoryName).path, policy: try policy())
    }

    /// The shipped policy.
    static func policy() throws -> NotifierPolicy { try loadedPolicy.get() }

    /// The shipped templates.
    static func templates() throws -> NotificationTemplates { try loadedTemplates.get() }

    /// Team-north in Amsterdam: caseworkers cw-0001 (reads Dutch), cw-0002
    /// (English) and cw-0003 (no language: the case's), supervisor sup-0001,
    /// manager mgr-0001, on call oc-0001 for the week from Monday 2026-03-02
    /// 07:00 local and oc-0002 the week after; and team-west, whose
    /// supervisor is its caseworker cw-0009, with no manager and no shifts.
    static let directoryYAML = """
        people:
          - { id: cw-0001, name: A. de Vries, email: a.devries@example.org, language: nl, timezone: Europe/Amsterdam }
          - { id: cw-0002, name: B. Jansen, email: b.jansen@example.org, language: en, timezone: Europe/Amsterdam }
          - { id: cw-0003, name: C. Bakker, email: c.bakker@example.org, timezone: Europe/Amsterdam }
          - { id: cw-0009, name: D. Visser, email: d.visser@example.org, language: nl, timezone: Europe/Amsterdam }
          - { id: sup-0001, name: E. Smit, email: e.smit@example.org, language: nl, timezone: Europe/Amsterdam }
          - { id: mgr-0001, name: F. Meijer, email: f.meijer@example.org, language: nl, timezone: Europe/Amsterdam }
          - { id: oc-0001, name: G. de Boer, email: g.deboer@example.org, language: nl, timezone: Europe/Amsterdam }
          - { id: oc-0002, name: H. Mulder, email: h.mulder@example.org, language: en, timezone: Europe/Amsterdam }
        teams:
          - id: team-north
            supervisor: sup-0001
            manager: mgr-0001
            onCall:
              - { person: oc-0001, from: 2026-03-02T06:00:00Z, until: 2026-03-09T06:00:00Z }
              - { person: oc-0002, from: 2026-03-09T06:00:00Z, until: 2026-03-16T06:00:00Z }
          - id: team-west
            supervisor: cw-0009
        """

    private static let loadedDirectory: Result<StaffDirectory, any Error> = Result { try StaffDirectory(yaml: directoryYAML) }

    /// The small directory.
    static func directory() throws -> StaffDirectory { try loadedDirectory.get() }

    /// The fan-out over the small directory and the shipped policy.
    static func fanOut() throws -> NotificationFanOut { NotificationFanOut(directory: try directory(), policy: try policy()) }

    /// Delivery over the small directory and the shipped policy and templates.
    static func delivery() throws -> NotificationDelivery {
        NotificationDelivery(policy: try policy(), directory: try directory(), templates: try templates())
    }
}

/// `text` as a moment: `2026-03-02T09:00:00Z`.
func at(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

// MARK: - Source events

/// A reminder of `kind` about case-000001 of cw-0001 in team-north,
/// scheduled for `time`, due at `due`, telling `notify`.
func reminder(_ kind: ReminderKind, at time: Timestamp, due: Timestamp? = nil, notify: [NotifyRole] = [.caseworker],
              caseworker: Identifier = "cw-0001", team: Identifier = "team-north", occurrence: Int = 1) -> Reminder {
    Reminder(reminderId: Identifier(trusted: "rem-case-000001-\(kind.rawValue)-\(time.millisecondsSinceEpoch / 60_000)"), kind: kind,
             caseId: "case-000001", scheduledFor: time, dueAt: due ?? time.adding(days: 1), occurrence: occurrence,
             contact: CaseContact(caseworkerId: caseworker, teamId: team, language: .en, timezone: .amsterdam), notify: notify)
}

/// An escalation event of escalation `id` at `level` with `status`, at `time`.
func escalation(_ level: EscalationLevel, _ status: EscalationStatus = .raised, at time: Timestamp, notify: [NotifyRole] = [.caseworker],
                id: Identifier = "esc-case-000001-1", caseworker: Identifier = "cw-0001", team: Identifier = "team-north",
                step: Int = 0) -> Escalation {
    Escalation(eventId: Identifier(trusted: "\(id.rawValue)-\(status.rawValue)-\(step)-\(time.millisecondsSinceEpoch / 60_000)"),
               time: time, escalationId: id, caseId: "case-000001", level: level, status: status, step: step,
               respondBy: level == .watch ? nil : time.adding(hours: 24),
               recommendation: level >= .urgent ? .safetyAssessment : .caseReview,
               reasons: ["severe-harm", "child-ran-away"], evidence: ["signal-000001-003"], notify: notify,
               contact: CaseContact(caseworkerId: caseworker, teamId: team, language: .en, timezone: .amsterdam))
}

/// The notifications the fan-out makes of `input` (and whether it dead-lettered).
func fannedOut(_ input: FanOutInput, state: inout FanOutCase?) throws -> (notifications: [StaffNotification], deadLetter: FanOutDeadLetter?) {
    let result = try NotifierFixture.fanOut().fanOut(input, updating: &state)
    let notifications = try result.effects.outputs.map { record in
        try record.value.withUnsafeBytes { bytes throws(EventRejection) in try StaffNotification(decoding: bytes) }
    }
    return (notifications, result.deadLetter)
}

/// The notifications of `input` for a case with no state.
func fannedOut(_ input: FanOutInput) throws -> (notifications: [StaffNotification], deadLetter: FanOutDeadLetter?) {
    var state: FanOutCase?
    return try fannedOut(input, state: &state)
}

/// A notification to `recipient` (cw-0001 by default) as the fan-out makes it.
func notification(_ source: FanOutInput, to recipient: Identifier = "cw-0001") throws -> StaffNotification {
    try #require(try fannedOut(source).notifications.first { $0.recipientId == recipient })
}

