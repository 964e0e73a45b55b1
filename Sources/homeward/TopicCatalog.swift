/// Homeward's topics, by role, under a configurable prefix (default `homeward.`).
struct TopicCatalog {
    /// The roles, in the order the design lists them.
    static let roles = [
        "case-events", "reminders", "escalations", "notifications", "deliveries",
        "schedule-state", "escalation-state", "notifier-state", "dead-letter",
    ]

    /// Roles whose topics are state changelogs (compacted on a real cluster).
    static let compactedRoles: Set<String> = ["schedule-state", "escalation-state", "notifier-state"]

    let prefix: String

    /// The full topic name of `role`.
    func name(_ role: String) -> String { prefix + role }

    /// Every topic's full name.
    var allNames: [String] { Self.roles.map(name) }
}
