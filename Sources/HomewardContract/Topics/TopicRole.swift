/// What a topic is for in Homeward (`case-events`, `reminders`, …),
/// independent of the deployment's prefix: the name a worker, the CLI and
/// the tests use for a topic, typed so that a misspelt role does not compile.
///
/// Homeward's own roles are the static members; ``TopicCatalog`` lists
/// them with their policies. Other roles (a benchmark's pass-through topic,
/// a test's) can be written as string literals.
public struct TopicRole: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The role's name, the topic's name without the prefix.
    public let rawValue: String

    /// A role by its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A role by its name, written as a literal.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The role's name.
    public var description: String { rawValue }

    /// Orders roles by name.
    public static func < (lhs: TopicRole, rhs: TopicRole) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The full topic name under `prefix` (e.g. `homeward.reminders`).
    public func topic(prefix: String) -> String { prefix + rawValue }

    /// The role of `topic` under `prefix`, or nil when it lacks the prefix.
    public init?(topic: String, prefix: String) {
        guard topic.hasPrefix(prefix) else { return nil }
        self.init(rawValue: String(topic.dropFirst(prefix.count)))
    }
}

extension TopicRole {
    /// Case events from case-management systems (CloudEvents, keyed by case id).
    public static let caseEvents: TopicRole = "case-events"
    /// The scheduler's reminders (keyed by case id).
    public static let reminders: TopicRole = "reminders"
    /// The escalator's escalations (keyed by case id).
    public static let escalations: TopicRole = "escalations"
    /// Each case's current escalation, compacted (keyed by case id).
    public static let escalationStatus: TopicRole = "escalation-status"
    /// One notification per recipient and source event (keyed by recipient id).
    public static let notifications: TopicRole = "notifications"
    /// The notifier's audit log of delivery status changes (keyed by recipient id).
    public static let deliveries: TopicRole = "deliveries"
    /// The scheduler's state changelog (co-partitioned with case-events).
    public static let scheduleState: TopicRole = "schedule-state"
    /// The escalator's state changelog (co-partitioned with case-events).
    public static let escalationState: TopicRole = "escalation-state"
    /// The notifier's per-recipient state changelog (co-partitioned with notifications).
    public static let notifierState: TopicRole = "notifier-state"
    /// The notifier fan-out's per-case state changelog: who was told of each
    /// open escalation (co-partitioned with reminders and escalations).
    public static let notifierFanOutState: TopicRole = "notifier-fanout-state"
    /// Records no worker could process, with the reason in their headers.
    public static let deadLetter: TopicRole = "dead-letter"
}
