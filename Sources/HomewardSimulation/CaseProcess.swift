import HomewardContract

/// One simulated case: its state, its random stream and the events and
/// actions produced by the action being handled.
///
/// A case only ever reads its own state and stream, so its history is the
/// same however many other cases run alongside it.
struct CaseProcess: Sendable {
    /// The case's number (1-based).
    let number: Int
    /// The case id, e.g. `case-000001`.
    let caseId: Identifier
    /// What the run shares.
    let context: SimulationContext
    /// The case's random stream.
    var random: SeededGenerator
    /// The moment of the action being handled.
    var now: Int64 = 0

    /// Payloads recorded by the action being handled, in order; all happen at ``now``.
    var recorded: [CaseEventPayload] = []
    /// Actions planned by the action being handled.
    var planned: [(time: Int64, action: CaseAction)] = []
    /// Actions of this case waiting in the queue (the opening, at first); a case
    /// with none left is finished and its state can go.
    var pendingActions = 1
    /// Actions this case has planned so far (their tie-breaking serials).
    var plannedSoFar = 1
    /// Events this case has recorded so far (their sequence numbers).
    var eventsSoFar = 0

    /// The case's underlying risk.
    var riskProfile: RiskLevel = .low
    /// The legal basis stated when the case opened.
    var legalBasis: LegalBasis?
    /// Whether the case runs under an OTS or voorlopige OTS.
    var courtOrdered = false
    /// Whether the child is going to return home.
    var willReunify = false
    /// Whether that return home is going to break down.
    var willBreakDown = false
    /// Whether alternative care is going to lead to a permanent home.
    var willBePlacedPermanently = false
    /// The child's birth year, if the case system knows it.
    var birthYear: Int?

    /// The responsible caseworker's number.
    var caseworker = 1
    /// The current stage (nil before the first stage change).
    var stage: CaseStage?
    /// Whether the case is closed.
    var closed = false
    /// When the current aftercare began.
    var aftercareStart: Int64 = 0
    /// When the last signal of severity 3 or 4 came in.
    var lastSevereSignalAt: Int64?
    /// The current aftercare phase; visits, breakdowns and closure reviews of older phases lapse.
    var aftercareEpoch = 0
    /// The current chain of recurring signals and reassignments; it restarts when a case reopens.
    var chain = 0
    /// Visits, signals and escalations so far (for their ids).
    var visits = 0, signals = 0, escalations = 0
    /// Court orders so far, in order of issue.
    var orders: [CourtOrderRecord] = []

    /// Creates case `number` of a run.
    init(number: Int, context: SimulationContext) {
        self.number = number
        self.caseId = Identifier(trusted: SimulatedIdentifiers.caseId(number))
        self.context = context
        self.random = context.generator(forCase: number)
    }

    /// Handles `action` at `time`, filling ``recorded`` and ``planned``.
    mutating func handle(_ action: CaseAction, at time: Int64) {
        now = time
        switch action {
        case .open: open()
        case .recordInitialOrders: recordInitialOrders()
        case .advance(let stage): advance(to: stage)
        case .decide: decide()
        case .assessRisk(let level): assessRisk(level)
        case .reportSignal(let chain): reportRecurringSignal(chain: chain)
        case .reportPrecursor(let epoch): reportPrecursor(epoch: epoch)
        case .reportVisitConcern(let category): reportVisitConcern(category)
        case .acknowledgeEscalation(let escalation): acknowledgeEscalation(escalation)
        case .resolveEscalation(let escalation, let outcome): resolveEscalation(escalation, outcome: outcome)
        case .reassignCaseworker(let chain): reassignCaseworker(chain: chain)
        case .visitOutcome(let visit): recordVisitOutcome(visit)
        case .breakdown(let epoch): breakDown(epoch: epoch)
        case .placeOut: placeOut()
        case .reviewOrder(let index): reviewOrder(index)
        case .endOrder(let index): endOrder(index)
        case .placePermanently: placePermanently()
        case .closeAfterPermanentPlacement: closeAfterPermanentPlacement()
        case .reviewClosure(let epoch): reviewClosure(epoch: epoch)
        case .raiseConcernAfterClosure(let reason): raiseConcernAfterClosure(reason)
        case .reopen(let reason): reopen(reason)
        }
    }

    /// Records an event at ``now``.
    mutating func record(_ payload: CaseEventPayload) {
        recorded.append(payload)
    }

    /// Plans `action` at `time` (never earlier than ``now``).
    mutating func plan(_ action: CaseAction, at time: Int64) {
        planned.append((max(time, now), action))
    }

    /// The team of the responsible caseworker.
    var teamIndex: Int { SimulatedIdentifiers.teamIndex(ofCaseworker: caseworker) }

    /// The responsible caseworker's id.
    var caseworkerId: Identifier { Identifier(trusted: SimulatedIdentifiers.caseworker(caseworker)) }

    /// The responsible team's id.
    var teamId: Identifier { Identifier(trusted: SimulatedIdentifiers.teams[teamIndex]) }

    /// The supervisor of the case (one of the team's supervisors, fixed per case).
    var supervisorId: Identifier {
        let perTeam = SimulatedIdentifiers.supervisorsPerTeam
        return Identifier(trusted: SimulatedIdentifiers.supervisor(teamIndex * perTeam + 1 + number % perTeam))
    }
}
