import HomewardContract

/// The proportions and rhythms of a case's course, after the Guidelines on
/// Children's Reintegration and reported Dutch practice (about 39% of
/// court-ordered placements return home; a quarter of those are placed out
/// again).
enum CourseOfCase {
    /// Share of court-ordered cases (OTS, voorlopige OTS) that return home.
    static let reunificationWhenCourtOrdered = 0.39
    /// Share of other cases that return home.
    static let reunificationOtherwise = 0.55
    /// Share of returns home that break down, by the case's risk (about a quarter overall).
    static let breakdown: [RiskLevel: Double] = [.low: 0.15, .medium: 0.28, .high: 0.45]
    /// Share of children in alternative care who get a new permanent home.
    static let permanentPlacement = 0.35
    /// Share of quiet aftercare reviews that close the case (the rest extend monitoring).
    static let closureAtReview = 0.85
    /// Share of cases closed after aftercare that are reopened later.
    static let reopening = 0.12

    /// Days between stage changes before the decision (tracing → preparation → contact).
    static let daysPerStage = 21...56
    /// Days from first contact to the decision on reunification.
    static let daysToDecision = 14...56
    /// Days of quiet aftercare before a closure review.
    static let quietDaysBeforeClosure: Int64 = 365

    /// Risk signals per month, by the case's risk, in aftercare.
    static let signalsPerMonth: [RiskLevel: Double] = [.low: 0.3, .medium: 0.55, .high: 0.9]
    /// Signal rate factor by stage: most signals arrive while the child is home.
    static func signalFactor(_ stage: CaseStage?) -> Double {
        switch stage {
        case .reunified: 1.0
        case .permanentPlacement: 0.25
        default: 0.5
        }
    }
    /// Mean days between caseworker reassignments.
    static let daysBetweenReassignments = 300.0

    /// Share of completed visits where the child is seen alone.
    static let childSeenAlone = 0.85
    /// Share of visits missed, by the case's risk.
    static let missedVisit: [RiskLevel: Double] = [.low: 0.08, .medium: 0.11, .high: 0.16]
    /// Share of completed visits with wellbeing scores.
    static let scoredVisit = 0.75
    /// Share of completed visits with concerns, by the case's risk.
    static let visitWithConcerns: [RiskLevel: Double] = [.low: 0.05, .medium: 0.1, .high: 0.2]

    /// Days after the start of aftercare on which visit `slot` (1-based) is due:
    /// weekly for eight weeks, fortnightly to twelve weeks, then monthly (every
    /// three weeks when the risk is high).
    static func visitDay(slot: Int, risk: RiskLevel) -> Int {
        if slot <= 8 { return 7 * slot }
        if slot <= 10 { return 56 + 14 * (slot - 8) }
        return 84 + (risk == .high ? 21 : 30) * (slot - 10)
    }
}
