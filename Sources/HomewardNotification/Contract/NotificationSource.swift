public import HomewardContract

/// What caused a notification: a reminder or an escalation
/// (`data.sourceType` of `notification.v1`).
public enum NotificationSource: String, ContractEnum {
    /// A reminder from the scheduler.
    case reminder
    /// An escalation from the escalator.
    case escalation
}

/// How urgently a notification must reach its recipient
/// (`data.priority` of `notification.v1`).
public enum NotificationPriority: String, ContractEnum {
    /// May wait for a digest or for the end of quiet hours.
    case routine
    /// An urgent escalation: sent at once, day or night.
    case urgent
    /// An emergency escalation: sent at once, day or night.
    case emergency

    /// The priority of an escalation at `level`: its own for `urgent` and
    /// `emergency`, `routine` below them.
    public init(level: EscalationLevel) {
        switch level {
        case .watch, .review: self = .routine
        case .urgent: self = .urgent
        case .emergency: self = .emergency
        }
    }
}
