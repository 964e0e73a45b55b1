/// What a reminder is about.
public enum ReminderKind: String, ContractEnum {
    /// A follow-up visit is due soon.
    case visitDueSoon = "visit-due-soon"
    /// A follow-up visit is overdue (repeats while it stays overdue).
    case visitOverdue = "visit-overdue"
    /// The monitoring period has ended quietly: review whether to close the case.
    case closureReviewDue = "closure-review-due"
    /// The case plan is due for review (preparation and contact stages).
    case casePlanReviewDue = "case-plan-review-due"
    /// Temporary alternative care is due for reassessment.
    case reassessmentDue = "reassessment-due"
    /// Decide whether to request the extension of a court order.
    case courtOrderExtensionDecision = "court-order-extension-decision"
    /// The last safe day to file the extension request.
    case courtOrderFilingDeadline = "court-order-filing-deadline"
    /// A court order is about to expire.
    case courtOrderExpiring = "court-order-expiring"
}
