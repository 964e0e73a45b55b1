/// Homeward's topics: one list, the single source for the CLI's topic
/// commands, the embedded broker, the benchmarks and the tests.
public struct TopicCatalog: Sendable {
    /// Every Homeward topic, in the order of the data flow.
    public static let topics: [TopicDescriptor] = [
        TopicDescriptor(.caseEvents, key: "case id", cleanup: .delete, retentionDays: caseEventsRetentionDays,
                        summary: "case events from case-management systems"),
        TopicDescriptor(.reminders, key: "case id", cleanup: .delete, retentionDays: 30, copartitionedWith: .caseEvents,
                        summary: "the scheduler's reminders"),
        TopicDescriptor(.escalations, key: "case id", cleanup: .delete, retentionDays: 365, copartitionedWith: .caseEvents,
                        summary: "the escalator's escalations"),
        TopicDescriptor(.escalationStatus, key: "case id", cleanup: .compact,
                        summary: "each case's open escalation, a tombstone once resolved"),
        TopicDescriptor(.notifications, key: "recipient id", cleanup: .delete, retentionDays: 30,
                        summary: "one notification per recipient and source event"),
        TopicDescriptor(.deliveries, key: "recipient id", cleanup: .delete, retentionDays: 365,
                        summary: "the notifier's audit log of delivery status changes"),
        TopicDescriptor(.scheduleState, key: "case id", cleanup: .compact, stateOf: .caseEvents,
                        summary: "the scheduler's state changelog"),
        TopicDescriptor(.escalationState, key: "case id", cleanup: .compact, stateOf: .caseEvents,
                        summary: "the escalator's state changelog"),
        TopicDescriptor(.notifierFanOutState, key: "case id", cleanup: .compact, stateOf: .reminders,
                        summary: "the notifier fan-out's state changelog: who was told of each open escalation"),
        TopicDescriptor(.notifierState, key: "recipient id", cleanup: .compact, stateOf: .notifications,
                        summary: "the notifier's per-recipient state changelog"),
        TopicDescriptor(.deadLetter, key: "original key", cleanup: .delete, retentionDays: 365,
                        summary: "records no worker could process, with the reason"),
    ]

    /// How long `case-events` keeps its records: two years, a full
    /// aftercare period, so that a worker's state can be rebuilt and
    /// `homeward replay` run from the events themselves.
    public static let caseEventsRetentionDays = 730

    /// Partitions of each topic unless the deployment says otherwise.
    public static let defaultPartitions = 8

    /// Every Homeward role, in the order of ``topics``.
    public static var roles: [TopicRole] { topics.map(\.role) }

    /// The descriptor of `role`, if it is one of Homeward's topics.
    public static func descriptor(of role: TopicRole) -> TopicDescriptor? {
        topics.first { $0.role == role }
    }

    /// The prefix of every topic name in a deployment (default `homeward.`).
    public let prefix: String

    /// The catalogue of a deployment whose topic names start with `prefix`.
    public init(prefix: String = "homeward.") { self.prefix = prefix }

    /// The full topic name of `role`.
    public func name(_ role: TopicRole) -> String { role.topic(prefix: prefix) }

    /// Every Homeward topic's full name.
    public var allNames: [String] { Self.roles.map(name) }
}
