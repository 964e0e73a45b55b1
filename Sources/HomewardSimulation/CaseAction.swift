import HomewardContract

/// Something that happens to a case at a planned moment. Handling one may
/// record events (at that moment) and plan further actions (at or after it).
///
/// Actions that belong to a phase carry that phase's epoch; when the phase ends
/// (a breakdown, a closure, a reopening) the epoch moves on and stale actions
/// do nothing.
enum CaseAction: Sendable {
    /// The case enters Homeward.
    case open
    /// The court orders in force at opening are recorded.
    case recordInitialOrders
    /// The case moves to the next stage before the decision.
    case advance(to: CaseStage)
    /// Reunification, or temporary alternative care.
    case decide
    /// A risk (re)assessment; nil reports the case's own profile, mostly.
    case assessRisk(RiskLevel?)
    /// The next recurring risk signal of signal chain `chain`.
    case reportSignal(chain: Int)
    /// A warning sign in the weeks before a breakdown.
    case reportPrecursor(epoch: Int)
    /// A caseworker reports a concern noted at a visit.
    case reportVisitConcern(RiskCategory)
    /// Someone takes charge of escalation `number`.
    case acknowledgeEscalation(number: Int)
    /// Escalation `number` is dealt with.
    case resolveEscalation(number: Int, outcome: ResolutionOutcome)
    /// Another caseworker takes the case (chain `chain`).
    case reassignCaseworker(chain: Int)
    /// A planned aftercare visit takes place or is missed.
    case visitOutcome(VisitPlan)
    /// The return home breaks down.
    case breakdown(epoch: Int)
    /// The child is placed out of home again.
    case placeOut
    /// A court order nears its end: extend, convert or let it lapse.
    case reviewOrder(index: Int)
    /// A court order reaches its end.
    case endOrder(index: Int)
    /// A child in alternative care gets a new permanent home.
    case placePermanently
    /// A case in permanent placement is closed.
    case closeAfterPermanentPlacement
    /// The end of quiet aftercare is reviewed for closure.
    case reviewClosure(epoch: Int)
    /// A new concern about a closed case.
    case raiseConcernAfterClosure(ReopenReason)
    /// The closed case is reopened.
    case reopen(ReopenReason)
}

/// A visit as planned when it was scheduled.
struct VisitPlan: Sendable {
    /// The aftercare phase it belongs to.
    let epoch: Int
    /// Its place in the tapering rhythm (a catch-up keeps the slot of the missed visit).
    let slot: Int
    /// Its number within the case (for the visit id).
    let number: Int
    /// When the caseworker comes by.
    let heldAt: Int64
}
