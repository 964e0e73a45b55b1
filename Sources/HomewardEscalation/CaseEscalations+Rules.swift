import HomewardContract
import HomewardProcessing

/// Rule ids, as they appear in `reasons`.
public enum EscalationRule {
    /// Physical or sexual abuse, domestic violence or exploitation, severe.
    public static let severeHarm = "severe-harm"
    /// A signal of the highest severity.
    public static let highestSeverity = "highest-severity"
    /// The child ran away, or the placement broke down.
    public static let safetyEvent = "child-safety-event"
    /// Several serious signals within the window.
    public static let repeatedSignals = "repeated-signals"
    /// Any other serious signal.
    public static let riskSignal = "risk-signal"
    /// A visit overdue again and again.
    public static let visitOverdue = "visit-overdue"
    /// Visits in a row without seeing the child alone.
    public static let childNotSeenAlone = "child-not-seen-alone"
    /// A risk level assessed.
    public static let riskLevelAssessed = "risk-level-assessed"
    /// A signal about a closed case: consider reopening.
    public static let signalOnClosedCase = "signal-on-closed-case"
    /// Every rule id, in the policy's order.
    public static let all = [severeHarm, highestSeverity, safetyEvent, repeatedSignals, riskSignal, visitOverdue,
                             childNotSeenAlone, riskLevelAssessed, signalOnClosedCase]
}

extension CaseEscalations {
    /// Learns from `input` and returns what the rules make of it, if anything.
    mutating func trigger(for input: EscalatorInput, policy: EscalationPolicy) -> EscalationTrigger? {
        switch input {
        case .reminder(let reminder):
            guard reminder.kind == .visitOverdue,
                  let rule = policy.overdueVisits.first(where: { reminder.occurrence >= $0.occurrenceAtLeast }) else { return nil }
            return EscalationTrigger(level: rule.level, reasons: [EscalationRule.visitOverdue],
                                     evidence: [reminder.reminderId.rawValue], source: reminder.reminderId.rawValue)
        case .caseEvent(let event):
            contact.apply(event)
            switch event.payload {
            case .riskSignalReported(let signal):
                return signalTrigger(category: signal.category, severity: signal.severity.value, id: signal.signalId.rawValue,
                                     observedAt: signal.observedAt, source: event.id.rawValue, policy: policy)
            case .visitCompleted(let visit):
                var trigger: EscalationTrigger?
                for concern in visit.concerns ?? [] {
                    let found = signalTrigger(category: concern, severity: policy.concernSeverity,
                                              id: "\(visit.visitId.rawValue)/\(concern.rawValue)", observedAt: visit.completedAt,
                                              source: event.id.rawValue, policy: policy, evidence: visit.visitId.rawValue)
                    trigger = found?.merged(with: trigger) ?? trigger
                }
                if lastVisitAt.map({ visit.completedAt >= $0 }) ?? true {
                    lastVisitAt = visit.completedAt
                    visitsNotAlone = visit.childSeenAlone ? [] : Array((visitsNotAlone + [visit.visitId.rawValue]).suffix(policy.childNotSeenAlone.count))
                    if visitsNotAlone.count >= policy.childNotSeenAlone.count {
                        let alone = EscalationTrigger(level: policy.childNotSeenAlone.level, reasons: [EscalationRule.childNotSeenAlone],
                                                      evidence: visitsNotAlone, source: event.id.rawValue)
                        trigger = alone.merged(with: trigger)
                    }
                }
                return trigger
            case .riskLevelAssessed(let assessment):
                guard let level = policy.riskLevels[assessment.level] else { return nil }
                return EscalationTrigger(level: level, reasons: [EscalationRule.riskLevelAssessed], evidence: [event.id.rawValue],
                                         source: event.id.rawValue)
            case .caseClosed:
                setClosed(true, at: event.time)
            case .caseReopened:
                setClosed(false, at: event.time)
            case .caseStageChanged(let change):
                if change.stage == .closed { setClosed(true, at: change.effectiveAt) }
            default:
                break
            }
            return nil
        }
    }

    private mutating func setClosed(_ value: Bool, at time: Timestamp) {
        guard closedChangedAt.map({ time >= $0 }) ?? true else { return }
        closed = value
        closedChangedAt = time
    }

    /// Rules 1–5 and 10 for one signal (rule 9 feeds visit concerns in here).
    private mutating func signalTrigger(category: RiskCategory, severity: Int, id: String, observedAt: Timestamp, source: String,
                                        policy: EscalationPolicy, evidence: String? = nil) -> EscalationTrigger? {
        var level: EscalationLevel?
        var reasons: [String] = []
        var evidenceIds = [evidence ?? id]
        func fire(_ rule: String, _ ruleLevel: EscalationLevel) {
            reasons.append(rule)
            level = max(level ?? ruleLevel, ruleLevel)
        }
        if policy.severeHarm.categories.contains(category), severity >= policy.severeHarm.severityAtLeast {
            fire(EscalationRule.severeHarm, policy.severeHarm.level)
        }
        if severity >= policy.highestSeverity.severityAtLeast { fire(EscalationRule.highestSeverity, policy.highestSeverity.level) }
        if policy.safetyEvents.categories.contains(category), severity >= policy.safetyEvents.severityAtLeast {
            fire(EscalationRule.safetyEvent, policy.safetyEvents.level)
        }
        let window = policy.repeatedSignals
        if severity >= window.severityAtLeast {
            if !recentSignals.contains(where: { $0.id == id }) { recentSignals.append(RecentSignal(id: id, evidence: evidence ?? id, observedAt: observedAt)) }
            let latest = recentSignals.map(\.observedAt).max() ?? observedAt
            recentSignals.removeAll { $0.observedAt < latest - window.window && $0.observedAt < observedAt - window.window }
            let inWindow = busiestWindow(containing: observedAt, length: window.window)
            if let rule = window.levels.first(where: { inWindow.count >= $0.atLeast }) {
                fire(EscalationRule.repeatedSignals, rule.level)
                evidenceIds = (inWindow.map(\.evidence) + evidenceIds).uniqued()
            }
        }
        if reasons.isEmpty, severity >= policy.otherSignals.severityAtLeast { fire(EscalationRule.riskSignal, policy.otherSignals.level) }
        if closed { fire(EscalationRule.signalOnClosedCase, policy.signalOnClosedCase) }
        guard let level else { return nil }
        return EscalationTrigger(level: level, reasons: reasons, evidence: evidenceIds, source: source)
    }

    /// The most signals any window of `length` containing `moment` holds
    /// (a signal exactly `length` away still counts), oldest first.
    private func busiestWindow(containing moment: Timestamp, length: PolicyDuration) -> [RecentSignal] {
        let sorted = recentSignals.sorted { ($0.observedAt, $0.id) < ($1.observedAt, $1.id) }
        var best: [RecentSignal] = []
        for start in sorted where start.observedAt <= moment && start.observedAt >= moment - length {
            let end = start.observedAt + length
            let window = sorted.filter { $0.observedAt >= start.observedAt && $0.observedAt <= end }
            if window.count > best.count { best = window }
        }
        return best
    }
}
