import Foundation
public import HomewardContract

/// Which open escalations a page or an API call lists: a team, a level
/// (and above, when `atLeast`), as the query string gives them.
public struct BoardFilter: Sendable, Hashable {
    /// Only this team's cases (nil: every team the user may see).
    public var team: String?
    /// Only this level (nil: every level).
    public var level: EscalationLevel?

    /// A filter; nil fields filter nothing.
    public init(team: String? = nil, level: EscalationLevel? = nil) {
        self.team = team
        self.level = level
    }

    /// Whether `escalation` passes.
    public func admits(_ escalation: CaseEscalationStatus) -> Bool {
        (team == nil || escalation.teamId.rawValue == team) && (level == nil || escalation.level == level)
    }
}

extension BoardFilter {
    /// The filter of a query string (`team=…&level=…`); an unknown level or
    /// an empty value filters nothing.
    public init(query: String?) {
        let fields = BoardForms.decode(query ?? "")
        self.init(team: fields["team"].flatMap { $0.isEmpty ? nil : $0 },
                  level: fields["level"].flatMap(EscalationLevel.init(rawValue:)))
    }

    /// The query string of page `page` of this filter (`?team=…&level=…&page=…`).
    public func query(page: Int) -> String {
        var items: [String] = []
        if let team { items.append("team=" + (team.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        if let level { items.append("level=\(level.rawValue)") }
        items.append("page=\(page)")
        return "?" + items.joined(separator: "&")
    }

    /// The page a query string asks for (`page=…`), from 1.
    public static func page(query: String?) -> Int {
        BoardForms.decode(query ?? "")["page"].flatMap(Int.init).map { max(1, $0) } ?? 1
    }

    /// The view's version a live stream starts after: the one a reconnecting
    /// browser names (`Last-Event-ID`), else the page's (`since=…`); nil
    /// (changes from now on) when neither is a number.
    static func since(query: String?, lastEventID: String?) -> UInt64? {
        lastEventID.flatMap { UInt64($0) } ?? BoardForms.decode(query ?? "")["since"].flatMap { UInt64($0) }
    }

    /// The notice a redirect after an action carries (`done=acknowledged`), in words.
    static func message(query: String?) -> String? {
        switch BoardForms.decode(query ?? "")["done"] {
        case "acknowledged": "Acknowledged. The escalator records it; the row updates when it has."
        case "resolved": "Resolved. The escalator records it; the row leaves the list when it has."
        case "gone": "That escalation is no longer open."
        default: nil
        }
    }
}
