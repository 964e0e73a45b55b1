import HomewardContract

/// The topics the board reads, by full name.
public struct BoardTopics: Sendable, Hashable {
    /// `escalation-status`: the open escalation per case.
    public var status: String
    /// `deliveries`: what became of the e-mails.
    public var deliveries: String
    /// `reminders`: counted today, by kind.
    public var reminders: String
    /// `dead-letter`: counted today, by reason.
    public var deadLetter: String
    /// `case-events`: where acknowledgements and resolutions go.
    public var caseEvents: String

    /// The topics under `prefix` (`homeward.`).
    public init(prefix: String) {
        status = TopicRole.escalationStatus.topic(prefix: prefix)
        deliveries = TopicRole.deliveries.topic(prefix: prefix)
        reminders = TopicRole.reminders.topic(prefix: prefix)
        deadLetter = TopicRole.deadLetter.topic(prefix: prefix)
        caseEvents = TopicRole.caseEvents.topic(prefix: prefix)
    }

    /// The topics the feed reads.
    public var read: [String] { [status, deliveries, reminders, deadLetter] }
}
