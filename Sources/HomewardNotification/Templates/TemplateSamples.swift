import HomewardContract

/// Synthetic samples of each kind of e-mail, for checking templates at
/// start-up: every status, recommendation and reminder kind, with the
/// optional fields present and absent, so every section of a template is
/// entered at least once.
enum TemplateSamples {
    static let caseId: Identifier = "case-000123"
    static let dueAt = Timestamp(millisecondsSinceEpoch: 1_770_642_000_000)  // 2026-02-09T13:00:00Z

    /// The samples a template of `kind` is rendered with.
    static func contents(of kind: TemplateKind) -> [EmailContent] {
        switch kind {
        case .reminder(let reminderKind):
            return [reminder(reminderKind, occurrence: 1), reminder(reminderKind, occurrence: 2),
                    reminder(reminderKind, occurrence: 1, dueAt: nil)].map(EmailContent.single)
        case .escalation(let level):
            var samples: [EmailContent] = []
            for status in [EscalationStatus.raised, .levelRaised, .renotified] {
                for recommendation in EscalationRecommendation.allCases {
                    samples.append(.single(escalation(level, status: status, recommendation: recommendation)))
                }
            }
            samples.append(.single(escalation(level, status: .raised, recommendation: nil, respondBy: nil)))
            return samples
        case .digest:
            return [.digest(ReminderKind.allCases.map { reminder($0, occurrence: 1) } + [reminder(.visitOverdue, occurrence: 2, dueAt: nil)])]
        }
    }

    static func reminder(_ kind: ReminderKind, occurrence: Int, dueAt: Timestamp? = dueAt) -> StaffNotification {
        StaffNotification(notificationId: Identifier(trusted: "ntf-sample-\(kind.rawValue)"), time: TemplateSamples.dueAt, recipientId: "cw-0001", role: .caseworker,
                     caseId: caseId, sourceType: .reminder, sourceEventId: "rem-sample", priority: .routine, kind: kind.rawValue,
                     language: .en, timezone: .amsterdam, dueAt: dueAt, occurrence: occurrence)
    }

    static func escalation(_ level: EscalationLevel, status: EscalationStatus, recommendation: EscalationRecommendation?,
                           respondBy: Timestamp? = dueAt) -> StaffNotification {
        StaffNotification(notificationId: Identifier(trusted: "ntf-sample-\(level.rawValue)"), time: dueAt, recipientId: "sup-0001", role: .supervisor,
                     caseId: caseId, sourceType: .escalation, sourceEventId: "esc-sample", priority: NotificationPriority(level: level),
                     kind: level.rawValue, language: .en, timezone: .amsterdam, dueAt: respondBy, escalationId: "esc-case-000123-sample",
                     escalationStatus: status, recommendation: recommendation, step: status == .renotified ? 1 : 0)
    }
}
