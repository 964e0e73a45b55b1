/// How serious an escalation is; levels are ordered.
public enum EscalationLevel: String, ContractEnum, Comparable {
    /// Keep an eye on the case (dashboards only).
    case watch
    /// The case should be reviewed.
    case review
    /// Respond before `respondBy`: a safety assessment.
    case urgent
    /// Respond now.
    case emergency

    /// `watch` < `review` < `urgent` < `emergency`.
    public static func < (lhs: EscalationLevel, rhs: EscalationLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What changed with an escalation event.
public enum EscalationStatus: String, ContractEnum {
    /// A new escalation.
    case raised
    /// A trigger above the open escalation's level raised it.
    case levelRaised = "level-raised"
    /// A trigger at or below its level added evidence (no new notification).
    case evidenceAdded = "evidence-added"
    /// Nobody acknowledged in time: re-sent up the chain.
    case renotified
    /// Someone acknowledged it; the chain stops.
    case acknowledged
    /// Someone resolved it; a new trigger opens a new escalation.
    case resolved
}

/// What Homeward recommends; people decide.
public enum EscalationRecommendation: String, ContractEnum {
    /// Keep monitoring.
    case monitor
    /// Review the case.
    case caseReview = "case-review"
    /// Assess the child's safety.
    case safetyAssessment = "safety-assessment"
    /// Consider protective measures.
    case considerProtectiveMeasures = "consider-protective-measures"
}
