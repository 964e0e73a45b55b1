public import HomewardContract

/// The board's order: highest level first; within a level, overdue ones
/// (not acknowledged, past `respondBy`) first, longest overdue first; then
/// those waiting for a response, by time left; then acknowledged ones and
/// those with no response time (watch). The case id breaks ties.
public enum BoardOrdering {
    /// Whether `a` comes before `b` at `now`.
    public static func precedes(_ a: CaseEscalationStatus, _ b: CaseEscalationStatus, at now: Timestamp) -> Bool {
        if a.level != b.level { return a.level > b.level }
        let (groupA, groupB) = (group(a, at: now), group(b, at: now))
        if groupA != groupB { return groupA < groupB }
        if let x = a.respondBy, let y = b.respondBy, x != y { return x < y }
        return a.caseId.rawValue < b.caseId.rawValue
    }

    /// Whether `escalation` is past its `respondBy` at `now` without an acknowledgement.
    public static func isOverdue(_ escalation: CaseEscalationStatus, at now: Timestamp) -> Bool {
        guard let respondBy = escalation.respondBy else { return false }
        return !escalation.acknowledged && respondBy <= now
    }

    /// A text key whose order is the board's order at `now` (for the page's
    /// script, which places a live row among the others).
    public static func sortKey(_ escalation: CaseEscalationStatus, at now: Timestamp) -> String {
        let rank = EscalationLevel.allCases.count - 1 - EscalationLevel.allCases.firstIndex(of: escalation.level)!
        let respondBy = escalation.respondBy.map { String($0.millisecondsSinceEpoch) } ?? ""
        let padded = String(repeating: "0", count: max(0, 15 - respondBy.count)) + respondBy
        return "\(rank)\(group(escalation, at: now))\(respondBy.isEmpty ? "~~~~~~~~~~~~~~~" : padded)|\(escalation.caseId.rawValue)"
    }

    /// 0 overdue, 1 waiting for a response, 2 acknowledged or no response time.
    private static func group(_ escalation: CaseEscalationStatus, at now: Timestamp) -> Int {
        if isOverdue(escalation, at: now) { return 0 }
        return escalation.respondBy != nil && !escalation.acknowledged ? 1 : 2
    }
}
