public import HomewardContract
public import HomewardProcessing

/// The escalator: turns risk signals, visit outcomes, risk levels and
/// overdue-visit reminders into escalations with a level, evidence and an
/// acknowledgement chain. Consumes `case-events` and `reminders`, keeps a
/// ``CaseEscalations`` per case in `escalation-state`, writes
/// `escalation.v1` events to `escalations` and each case's open escalation
/// (``CaseEscalationStatus``, a tombstone once resolved) to `escalation-status`.
///
/// An escalation recommends; people decide. Pure: the same inputs in the
/// same order give the same escalations with the same ids.
public struct EscalatorWorker: WorkerLogic {
    /// The policy it follows.
    public let policy: EscalationPolicy

    /// Creates the worker with `policy`.
    public init(policy: EscalationPolicy) { self.policy = policy }

    /// `escalator`.
    public static let name = "escalator"
    /// Reads `case-events` and `reminders`.
    public static let inputRoles: [TopicRole] = [.caseEvents, .reminders]
    /// Keeps `escalation-state`.
    public static let stateRole = TopicRole.escalationState

    /// ``name``.
    public var name: String { Self.name }
    /// ``inputRoles``.
    public var inputRoles: [TopicRole] { Self.inputRoles }
    /// ``stateRole``.
    public var stateRole: TopicRole { Self.stateRole }
    /// Writes `escalations`.
    public static let outputRole = TopicRole.escalations
    /// Also writes each case's open escalation to `escalation-status` (compacted).
    public static let statusRole = TopicRole.escalationStatus
    /// Caseworker and team ids of escalations about a case whose caseworker
    /// is not known yet (they go out at once; on-call routes them).
    public static let unassigned = Identifier(trusted: "unassigned")

    /// Applies the input to the case's escalation.
    public func handle(_ input: EscalatorInput, state: CaseEscalations?, timers: [DurableTimer], now: Timestamp) -> Effects<CaseEscalations> {
        pureEffects(of: state) { handle(input, updating: &$0, timers: timers, now: now) }
    }

    /// The chain's timer: re-send up the chain.
    public func fire(_ timer: DurableTimer, key: String, state: CaseEscalations?, timers: [DurableTimer], now: Timestamp) -> Effects<CaseEscalations> {
        pureEffects(of: state) { fire(timer, key: key, updating: &$0, timers: timers, now: now) }
    }

    /// ``handle(_:state:timers:now:)`` on the case's escalations in place (what the runtime calls).
    public func handle(_ input: EscalatorInput, updating state: inout CaseEscalations?, timers: [DurableTimer],
                       now: Timestamp) -> Effects<CaseEscalations> {
        if case .none = state { state = CaseEscalations() }
        let caseId = Identifier(trusted: input.key)
        var update: EscalationUpdate?
        if case .caseEvent(let event) = input, case .escalationAcknowledged(let ack) = event.payload {
            update = state!.acknowledge(ack.escalationId, cause: event.id.rawValue)
        } else if case .caseEvent(let event) = input, case .escalationResolved(let resolved) = event.payload {
            update = state!.resolve(resolved.escalationId, cause: event.id.rawValue)
        } else if let trigger = state!.trigger(for: input, policy: policy) {
            update = state!.apply(trigger, caseId: caseId, now: now, policy: policy)
        }
        return effects(state!, timers: timers, caseId: caseId, update: update, now: now)
    }

    /// ``fire(_:key:state:timers:now:)`` on the case's escalations in place (what the runtime calls).
    public func fire(_ timer: DurableTimer, key: String, updating state: inout CaseEscalations?, timers: [DurableTimer],
                     now: Timestamp) -> Effects<CaseEscalations> {
        guard case .some = state else { return .none }
        let update = state!.renotify(policy: policy)
        return effects(state!, timers: timers, caseId: Identifier(trusted: key), update: update, now: now)
    }

    /// The case's record on `escalation-status` after `event`: the open
    /// escalation as it stands, or a tombstone once it is resolved.
    private func statusRecord(of event: Escalation, update: EscalationUpdate) -> OutputRecord {
        let id = "\(event.eventId.rawValue)-status"
        guard event.status != .resolved else {
            return .tombstone(topicRole: Self.statusRole, key: event.caseId.rawValue, id: id, time: event.time)
        }
        let open = update.escalation
        let status = CaseEscalationStatus(
            eventId: DerivedIdentifier.make(id, prefix: "esc-"), escalationId: open.id, caseId: event.caseId, level: open.level,
            acknowledged: open.acknowledged, lastChange: event.status, step: open.step, respondBy: open.respondBy,
            recommendation: event.recommendation, reasons: open.reasons, evidenceCount: open.evidenceCount,
            caseworkerId: event.contact.caseworkerId, teamId: event.contact.teamId, raisedAt: open.firstRaisedAt,
            levelRaisedAt: open.raisedAt, changedAt: event.time)
        return OutputRecord(topicRole: Self.statusRole, key: event.caseId.rawValue, id: status.eventId.rawValue, time: event.time,
                            value: status.encoded())
    }

    /// The escalation event of `update`, and the chain timer `escalations` wants.
    private func effects(_ escalations: borrowing CaseEscalations, timers current: [DurableTimer],
                         caseId: Identifier, update: EscalationUpdate?, now: Timestamp) -> Effects<CaseEscalations> {
        var outputs: [OutputRecord] = []
        if let update {
            let escalation = update.escalation
            // The raise's cause is already in the escalation id.
            let suffix = update.status == .raised ? "raised" : "\(update.status.rawValue)-\(escalation.step)-\(update.cause)"
            let event = Escalation(
                eventId: DerivedIdentifier.make("\(escalation.id.rawValue)-\(suffix)", prefix: "esc-"),
                time: now, escalationId: escalation.id, caseId: caseId, level: escalation.level, status: update.status,
                step: escalation.step, respondBy: escalation.respondBy,
                recommendation: policy.response(to: escalation.level).recommendation, reasons: escalation.reasons,
                evidence: escalation.evidence, notify: update.notify,
                contact: escalations.contact.contact(defaultLanguage: policy.defaultLanguage)
                    ?? CaseContact(caseworkerId: Self.unassigned, teamId: Self.unassigned, language: policy.defaultLanguage, timezone: .amsterdam))
            outputs.append(OutputRecord(topicRole: Self.outputRole, key: caseId.rawValue, id: event.eventId.rawValue, time: now,
                                        value: event.encoded(), metric: .escalation(level: escalation.level, status: update.status)))
            outputs.append(statusRecord(of: event, update: update))
        }
        // The escalations were changed in place; the store compares the
        // encoded bytes and writes nothing when they are unchanged.
        return Effects(outputs: outputs, timers: escalations.chainTimer(policy: policy).map { [$0] } ?? [], replacing: current)
    }
}
