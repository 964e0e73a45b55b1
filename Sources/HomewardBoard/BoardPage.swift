public import HomewardContract
import Mustache

/// Renders the board's pages and rows from the view.
public struct BoardPage: Sendable {
    private let library: MustacheLibrary

    /// Loads the templates.
    public init() throws { library = try BoardTemplates.library() }

    /// The list page for `user`.
    public func render(view: BoardView, user: BoardUser, filter: BoardFilter, csrf: String, message: String? = nil,
                       now: Timestamp) -> String {
        let rows = view.rows(for: user, filter: filter, now: now)
        let today = view.today
        var context: [String: Any] = [
            "title": "Open escalations", "userId": user.id, "role": user.role.rawValue, "csrf": csrf,
            "teams": view.teams(for: user).map { ["value": $0, "selected": $0 == filter.team] },
            "levels": EscalationLevel.allCases.reversed().map { ["value": $0.rawValue, "selected": $0 == filter.level] },
            "reminders": Self.counts(today.reminders), "emails": Self.counts(today.emails), "deadLetters": Self.counts(today.deadLetters),
            "count": rows.count, "caughtUp": view.isCaughtUp,
            "rows": rows.map { Self.context(of: $0, csrf: csrf, now: now) },
        ]
        context["message"] = message
        return library.render(context, withTemplate: "page") ?? ""
    }

    /// One row's markup (for a live update).
    public func render(row: BoardRow, csrf: String, now: Timestamp) -> String {
        library.render(Self.context(of: row, csrf: csrf, now: now), withTemplate: "row") ?? ""
    }

    /// The sign-in page.
    public func renderLogin(csrf: String, message: String? = nil) -> String {
        var context: [String: Any] = ["title": "Sign in", "csrf": csrf]
        context["message"] = message
        return library.render(context, withTemplate: "login") ?? ""
    }

    static func context(of row: BoardRow, csrf: String, now: Timestamp) -> [String: Any] {
        let escalation = row.escalation
        var context: [String: Any] = [
            "caseId": escalation.caseId.rawValue, "escalationId": escalation.escalationId.rawValue,
            "level": escalation.level.rawValue, "status": escalation.acknowledged ? "acknowledged" : "raised",
            "acknowledged": escalation.acknowledged, "overdue": row.overdue, "timeText": row.timeText,
            "recommendation": BoardLabels.recommendation(escalation.recommendation),
            "reasons": row.reasonLabels.joined(separator: "; "), "teamId": escalation.teamId.rawValue,
            "caseworkerId": escalation.caseworkerId.rawValue, "ageText": row.ageText, "step": escalation.step,
            "evidenceCount": escalation.evidenceCount, "notificationText": row.notificationText, "mayAct": row.mayAct,
            "csrf": csrf, "sortKey": BoardOrdering.sortKey(escalation, at: now),
            "outcomes": ResolutionOutcome.allCases.map { ["value": $0.rawValue, "label": BoardLabels.outcome($0)] },
        ]
        context["respondBy"] = escalation.respondBy?.rfc3339
        return context
    }

    private static func counts(_ counts: [String: Int]) -> [[String: Any]] {
        counts.sorted { $0.key < $1.key }.map { ["name": $0.key, "count": $0.value] }
    }
}
