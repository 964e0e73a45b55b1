import HomewardContract

/// The variables each kind of template can use, and their values for one
/// e-mail. Everything a template can show is here: case references, links,
/// local times, the recommendation. Nothing about the child, the family or
/// a risk signal's category or details is ever offered to a template.
///
/// | kind | variables |
/// |---|---|
/// | every single e-mail | `recipientName`, `caseReference`, `caseLink`, `timezone` |
/// | a reminder | `dueAt`, `occurrence`, `repeated`, a flag per reminder kind (`visitOverdue`, …) |
/// | an escalation | `respondBy`, `step`, `raised`, `levelRaised`, `renotified`, `recommendation.` + a flag per recommendation (`caseReview`, …) |
/// | the digest | `recipientName`, `timezone`, `count`, `items` with each item's `caseReference`, `caseLink`, `dueAt`, `occurrence`, `repeated` and kind flag |
enum TemplateVocabulary {
    static let common: Set<String> = ["recipientName", "caseReference", "caseLink", "timezone"]
    static let reminder: Set<String> = Set(["dueAt", "occurrence", "repeated"]).union(ReminderKind.allCases.map { flag($0.rawValue) })
    static let escalation: Set<String> = Set(["respondBy", "step", "raised", "levelRaised", "renotified", "recommendation"])
        .union(EscalationRecommendation.allCases.map { "recommendation." + flag($0.rawValue) })
    static let digest: Set<String> = Set(["recipientName", "timezone", "count", "items"])
        .union(reminder.union(["caseReference", "caseLink"]).map { "items." + $0 })

    /// The variables (dotted paths) `kind` provides.
    static func names(of kind: TemplateKind) -> Set<String> {
        switch kind {
        case .reminder: common.union(reminder)
        case .escalation: common.union(escalation)
        case .digest: digest
        }
    }

    /// The context of `content` for `recipientName`, in `calendar`'s time.
    static func values(of content: EmailContent, recipientName: String, calendar: LocalCalendar, timezone: TimeZoneName,
                       policy: NotifierPolicy, lookups: TemplateLookups) -> TemplateProbe {
        var values: [String: Any] = ["recipientName": recipientName, "timezone": timezone.rawValue]
        switch content {
        case .single(let notification):
            values.merge(item(notification, calendar: calendar, policy: policy, lookups: lookups)) { _, new in new }
            if notification.sourceType == .escalation {
                values.removeValue(forKey: "dueAt")
                if let respondBy = notification.dueAt { values["respondBy"] = calendar.text(of: respondBy) }
                values["step"] = notification.step ?? 0
                values["raised"] = notification.escalationStatus == .raised
                values["levelRaised"] = notification.escalationStatus == .levelRaised
                values["renotified"] = notification.escalationStatus == .renotified
                var recommendation: [String: Any] = [:]
                if let chosen = notification.recommendation { recommendation[flag(chosen.rawValue)] = true }
                values["recommendation"] = TemplateProbe(recommendation, path: "recommendation", lookups: lookups)
            }
        case .digest(let items):
            values["count"] = items.count
            values["items"] = items.map { TemplateProbe(item($0, calendar: calendar, policy: policy, lookups: lookups), path: "items", lookups: lookups) }
        }
        return TemplateProbe(values, lookups: lookups)
    }

    /// One notification's own values: its case, link, deadline and kind.
    private static func item(_ notification: StaffNotification, calendar: LocalCalendar, policy: NotifierPolicy,
                             lookups: TemplateLookups) -> [String: Any] {
        var values: [String: Any] = ["caseReference": notification.caseId.rawValue, "caseLink": policy.link(to: notification.caseId)]
        if let dueAt = notification.dueAt { values["dueAt"] = calendar.text(of: dueAt) }
        if notification.sourceType == .reminder {
            values["occurrence"] = notification.occurrence ?? 1
            values["repeated"] = (notification.occurrence ?? 1) > 1
            values[flag(notification.kind)] = true
        }
        return values
    }

    /// `visit-due-soon` → `visitDueSoon`.
    static func flag(_ name: String) -> String {
        let words = name.split(separator: "-")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }
}
