public import HomewardContract
import HomewardProcessing

/// One change of a case's escalation, before it is addressed.
public struct EscalationUpdate: Sendable, Hashable {
    /// The escalation as it stands after the change.
    public var escalation: OpenEscalation
    /// What changed.
    public var status: EscalationStatus
    /// Who to tell.
    public var notify: [NotifyRole]
    /// What caused it (part of the event id).
    public var cause: String
}

extension CaseEscalations {
    /// Applies the rules' verdict at `now`: raises an escalation, raises its
    /// level (new notifications, response time and chain), or adds evidence.
    mutating func apply(_ trigger: EscalationTrigger, caseId: Identifier, now: Timestamp, policy: EscalationPolicy) -> EscalationUpdate {
        let response = policy.response(to: trigger.level)
        guard var current = open else {
            let id = DerivedIdentifier.make("esc-\(caseId.rawValue)-\(trigger.source)", prefix: "esc-")
            let raised = OpenEscalation(id: id, level: trigger.level, raisedAt: now, respondBy: response.respondWithin.map { now + $0 },
                                        reasons: trigger.reasons, evidence: Array(trigger.evidence.suffix(Self.evidenceKept)),
                                        evidenceCount: trigger.evidence.uniqued().count)
            open = raised
            return EscalationUpdate(escalation: raised, status: .raised, notify: response.notify, cause: trigger.source)
        }
        current.reasons = (current.reasons + trigger.reasons).uniqued()
        current.evidenceCount += trigger.evidence.filter { !current.evidence.contains($0) }.count
        current.evidence = Array((current.evidence + trigger.evidence).uniqued().suffix(Self.evidenceKept))
        guard trigger.level > current.level else {
            open = current
            return EscalationUpdate(escalation: current, status: .evidenceAdded, notify: [], cause: trigger.source)
        }
        current.level = trigger.level
        current.raisedAt = now
        current.respondBy = response.respondWithin.map { now + $0 }
        current.acknowledged = false
        current.step = 0
        open = current
        return EscalationUpdate(escalation: current, status: .levelRaised, notify: response.notify, cause: trigger.source)
    }

    /// `escalation.acknowledged`: the chain stops. Ignored for an escalation
    /// that is not the open one, or already acknowledged.
    mutating func acknowledge(_ escalationId: Identifier, cause: String) -> EscalationUpdate? {
        guard var current = open, current.id == escalationId, !current.acknowledged else { return nil }
        current.acknowledged = true
        open = current
        return EscalationUpdate(escalation: current, status: .acknowledged, notify: [], cause: cause)
    }

    /// `escalation.resolved`: closed; the next trigger opens a new escalation.
    mutating func resolve(_ escalationId: Identifier, cause: String) -> EscalationUpdate? {
        guard let current = open, current.id == escalationId else { return nil }
        open = nil
        return EscalationUpdate(escalation: current, status: .resolved, notify: [], cause: cause)
    }

    /// The chain's next step, if the open escalation is not acknowledged.
    func chainTimer(policy: EscalationPolicy) -> DurableTimer? {
        guard let current = open, !current.acknowledged else { return nil }
        let chain = policy.response(to: current.level).chain
        guard current.step < chain.count else { return nil }
        return DurableTimer(id: "chain", due: current.raisedAt + chain[current.step].after)
    }

    /// The chain's timer fired: re-send up the chain.
    mutating func renotify(policy: EscalationPolicy) -> EscalationUpdate? {
        guard var current = open, !current.acknowledged else { return nil }
        let chain = policy.response(to: current.level).chain
        guard current.step < chain.count else { return nil }
        current.step += 1
        open = current
        return EscalationUpdate(escalation: current, status: .renotified, notify: chain[current.step - 1].notify,
                                cause: "\(current.level.rawValue)-\(current.step)")
    }
}
