public import HomewardContract
public import HomewardNotification

/// Words for people: the escalator's rule ids, recommendations, outcomes
/// and reminder kinds as the board shows them. An id it has no label for
/// is shown as it is.
public enum BoardLabels {
    /// The rule that raised or fed an escalation.
    public static func reason(_ ruleId: String) -> String {
        reasons[ruleId] ?? ruleId
    }

    /// What Homeward recommends (people decide).
    public static func recommendation(_ recommendation: EscalationRecommendation) -> String {
        switch recommendation {
        case .monitor: "Keep monitoring"
        case .caseReview: "Review the case"
        case .safetyAssessment: "Assess the child's safety"
        case .considerProtectiveMeasures: "Consider protective measures"
        }
    }

    /// A resolution outcome of the contract.
    public static func outcome(_ outcome: ResolutionOutcome) -> String {
        switch outcome {
        case .noFurtherAction: "No further action"
        case .supportIntensified: "Support intensified"
        case .safetyPlan: "Safety plan agreed"
        case .protectiveMeasuresRequested: "Protective measures requested"
        case .caseReopened: "Case reopened"
        case .other: "Other"
        }
    }

    /// An e-mail outcome.
    public static func delivery(_ status: DeliveryStatus) -> String {
        switch status {
        case .queued: "sending"
        case .deferred: "deferred"
        case .sent: "sent"
        case .retrying: "retrying"
        case .inDoubt: "in doubt"
        case .cancelled: "cancelled"
        case .failed: "failed"
        case .writtenToFile: "written to file"
        }
    }

    private static let reasons: [String: String] = [
        "severe-harm": "Abuse, violence or exploitation (severity 3+)",
        "highest-severity": "Signal of the highest severity",
        "child-safety-event": "Child ran away or placement broke down",
        "repeated-signals": "Repeated risk signals",
        "risk-signal": "Risk signal",
        "visit-overdue": "Follow-up visit overdue",
        "child-not-seen-alone": "Child not seen alone at visits",
        "risk-level-assessed": "High risk level assessed",
        "signal-on-closed-case": "Signal on a closed case",
    ]
}
