public import HomewardContract
import Mustache

/// Renders the board's pages and rows from the view.
public struct BoardPage: Sendable {
    private let library: MustacheLibrary

    /// Loads the templates.
    public init() throws { library = try BoardTemplates.library() }

    /// Rows on one page of the list.
    public static let pageSize = 100

    /// Page `page` (from 1) of the list for `user`: the most urgent first.
    public func render(view: BoardView, user: BoardUser, filter: BoardFilter, page: Int = 1, csrf: String, message: String? = nil,
                       now: Timestamp) -> String {
        let version = view.version  // read first: a change after it reaches the page's stream
        let total = view.count(for: user, filter: filter)
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, page), pages)
        let start = (page - 1) * Self.pageSize
        let rows = view.rows(for: user, filter: filter, now: now, range: start..<(start + Self.pageSize)).rows
        let today = view.today
        var context: [String: Any] = [
            "title": "Open escalations", "userId": user.id, "role": user.role.rawValue, "csrf": csrf,
            "teams": view.teams(for: user).map { ["value": $0, "selected": $0 == filter.team] },
            "levels": EscalationLevel.allCases.reversed().map { ["value": $0.rawValue, "selected": $0 == filter.level] },
            "reminders": Self.counts(today.reminders), "emails": Self.counts(today.emails), "deadLetters": Self.counts(today.deadLetters),
            "count": total, "version": "\(version)", "caughtUp": view.isCaughtUp, "first": page == 1, "last": page == pages,
            "from": total == 0 ? 0 : start + 1, "to": start + rows.count, "paged": pages > 1,
            "previous": page > 1 ? filter.query(page: page - 1) : "", "next": page < pages ? filter.query(page: page + 1) : "",
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
