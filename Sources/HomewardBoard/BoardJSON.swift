import HomewardContract
import Foundation

/// The board's JSON API bodies: `/api/escalations` (one object per open
/// escalation, with the fields of `escalation-status`, plus `overdue` and
/// the outcome of its e-mails) and `/api/summary`.
public enum BoardJSON {
    /// `[{…}, …]` for `rows`, in the board's order.
    public static func escalations(_ rows: [BoardRow]) throws -> [UInt8] {
        try encode(rows.map(EscalationObject.init))
    }

    /// Open escalations by level, overdue and acknowledged counts, and today's counts.
    public static func summary(rows: [BoardRow], today: TodayCounts) throws -> [UInt8] {
        let levels = Dictionary(uniqueKeysWithValues: EscalationLevel.allCases.map { level in
            (level.rawValue, rows.count { $0.escalation.level == level })
        })
        return try encode(SummaryObject(openEscalations: levels, overdue: rows.count(where: \.overdue),
                                        acknowledged: rows.count { $0.escalation.acknowledged },
                                        today: TodayObject(from: today.day.lowerBound.rfc3339, until: today.day.upperBound.rfc3339,
                                                           reminders: today.reminders, emails: today.emails,
                                                           deadLetters: today.deadLetters)))
    }

    private static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

/// One open escalation in the API.
private struct EscalationObject: Encodable {
    var caseId, escalationId, level, status, lastChange: String
    var step: Int
    var respondBy: String?
    var overdue: Bool
    var recommendation: String
    var reasons: [String]
    var evidenceCount: Int
    var caseworkerId, teamId, raisedAt, levelRaisedAt, changedAt: String
    var notifications: [String: Int]

    init(_ row: BoardRow) {
        let escalation = row.escalation
        caseId = escalation.caseId.rawValue
        escalationId = escalation.escalationId.rawValue
        level = escalation.level.rawValue
        status = escalation.acknowledged ? "acknowledged" : "raised"
        lastChange = escalation.lastChange.rawValue
        step = escalation.step
        respondBy = escalation.respondBy?.rfc3339
        overdue = row.overdue
        recommendation = escalation.recommendation.rawValue
        reasons = escalation.reasons
        evidenceCount = escalation.evidenceCount
        caseworkerId = escalation.caseworkerId.rawValue
        teamId = escalation.teamId.rawValue
        raisedAt = escalation.raisedAt.rfc3339
        levelRaisedAt = escalation.levelRaisedAt.rfc3339
        changedAt = escalation.changedAt.rfc3339
        notifications = Dictionary(uniqueKeysWithValues: row.outcome.summary.map { ($0.status.rawValue, $0.count) })
    }
}

/// `/api/summary`.
private struct SummaryObject: Encodable {
    var openEscalations: [String: Int]
    var overdue: Int
    var acknowledged: Int
    var today: TodayObject
}

/// Today's counts in the API.
private struct TodayObject: Encodable {
    var from, until: String
    var reminders, emails, deadLetters: [String: Int]
}
