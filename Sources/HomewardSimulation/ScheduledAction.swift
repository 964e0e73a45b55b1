/// An action of one case at one moment, ordered by time, then case number,
/// then the order in which the case planned its actions. This order is the
/// order of the output.
struct ScheduledAction: Sendable {
    /// When, in milliseconds since the epoch.
    let time: Int64
    /// The case's number.
    let caseNumber: Int
    /// The case's count of actions planned before this one.
    let serial: Int
    /// What happens.
    let action: CaseAction

    /// Whether this action comes before `other`.
    func precedes(_ other: ScheduledAction) -> Bool {
        if time != other.time { return time < other.time }
        if caseNumber != other.caseNumber { return caseNumber < other.caseNumber }
        return serial < other.serial
    }
}
