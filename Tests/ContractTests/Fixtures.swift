import HomewardContract

/// A valid event of each input type, as a producer would send it.
enum Fixtures {
    static func event(_ type: String, data: String, subject: String = "case-000123", id: String = "evt-1",
                      time: String = "2026-03-02T09:30:00+01:00", extra: String = "") -> String {
        """
        {"specversion":"1.0","id":"\(id)","source":"/case-system/north","type":"org.homeward.\(type)","time":"\(time)","subject":"\(subject)","datacontenttype":"application/json"\(extra),"data":\(data)}
        """
    }

    static let valid: [CaseEventType: String] = [
        .caseOpened: event("case.opened.v1", data: #"{"caseworkerId":"cw-0042","teamId":"team-north","language":"nl","timezone":"Europe/Amsterdam","placement":{"type":"foster","since":"2025-06-01T00:00:00Z"},"birthYear":2014,"legalBasis":"ots"}"#),
        .caseStageChanged: event("case.stage-changed.v1", data: #"{"stage":"reunified","effectiveAt":"2026-03-01T12:00:00Z"}"#),
        .caseReunified: event("case.reunified.v1", data: #"{"reunifiedAt":"2026-03-01T12:00:00Z"}"#),
        .caseworkerAssigned: event("case.caseworker-assigned.v1", data: #"{"caseworkerId":"cw-0043","teamId":"team-south"}"#),
        .riskLevelAssessed: event("case.risk-level-assessed.v1", data: #"{"level":"high","assessedAt":"2026-03-02T08:00:00Z"}"#),
        .visitScheduled: event("visit.scheduled.v1", data: #"{"visitId":"visit-000123-001","dueAt":"2026-03-09T10:00:00+01:00"}"#),
        .visitCompleted: event("visit.completed.v1", data: #"{"visitId":"visit-000123-001","completedAt":"2026-03-09T10:40:00+01:00","childSeenAlone":true,"wellbeing":{"emotional-health":3,"education-and-work":2},"concerns":["school-dropout"]}"#),
        .visitMissed: event("visit.missed.v1", data: #"{"visitId":"visit-000123-002","missedAt":"2026-03-16T10:00:00+01:00","reason":"family-not-home"}"#),
        .riskSignalReported: event("risk.signal-reported.v1", data: #"{"signalId":"signal-77","category":"neglect","severity":2,"source":"school","observedAt":"2026-03-05T14:00:00+01:00"}"#),
        .courtOrderIssued: event("court-order.issued.v1", data: #"{"orderId":"order-9","kind":"ots","startsAt":"2026-01-01T00:00:00+01:00","endsAt":"2027-01-01T00:00:00+01:00"}"#),
        .courtOrderEnded: event("court-order.ended.v1", data: #"{"orderId":"order-9","endedAt":"2026-09-01T00:00:00+02:00"}"#),
        .escalationAcknowledged: event("escalation.acknowledged.v1", data: #"{"escalationId":"esc-000123-1","acknowledgedBy":"sup-0007","acknowledgedAt":"2026-03-05T15:00:00+01:00"}"#),
        .escalationResolved: event("escalation.resolved.v1", data: #"{"escalationId":"esc-000123-1","resolvedBy":"sup-0007","resolvedAt":"2026-03-06T15:00:00+01:00","outcome":"safety-plan"}"#),
        .caseClosed: event("case.closed.v1", data: #"{"reason":"monitoring-complete","approvedBy":"sup-0007"}"#),
        .caseReopened: event("case.reopened.v1", data: #"{"reason":"new-concern"}"#),
    ]
}
