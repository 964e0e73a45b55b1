public import HomewardContract

/// The counter an output record adds one to, beyond
/// `homeward_records_out_total`: what the rules already know of the record
/// (a reminder's kind, an escalation's level and status, an e-mail's
/// outcome), so that counting it decodes nothing. The runtime counts each
/// produced record that carries one, under ``label`` with the dimension
/// `worker` and then ``dimensions``. A label always comes with the same
/// dimension names, in the same order.
public struct OutputMetric: Sendable, Hashable {
    /// One dimension of the counter: a name and the record's value for it.
    public struct Dimension: Sendable, Hashable {
        /// The dimension's name (`kind`, `level`).
        public let name: String
        /// The record's value (`visit-overdue`, `urgent`).
        public let value: String

        /// Creates a dimension.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Counter: reminders produced; dimension `kind`.
    public static let remindersLabel = "homeward_reminders_total"
    /// Counter: escalation events produced; dimensions `level` and `status`.
    public static let escalationsLabel = "homeward_escalations_total"
    /// Counter: delivery reports produced, one per e-mail and outcome;
    /// dimension `outcome` (`delivery.v1`'s `data.outcome`).
    public static let emailsLabel = "homeward_emails_total"

    /// The counter's label.
    public let label: String
    /// Its dimensions after `worker`.
    public let dimensions: [Dimension]

    /// The counter `label` with `dimensions`.
    public init(label: String, dimensions: [Dimension]) {
        self.label = label
        self.dimensions = dimensions
    }

    /// A reminder of `kind`.
    public static func reminder(_ kind: ReminderKind) -> OutputMetric {
        OutputMetric(label: remindersLabel, dimensions: [Dimension("kind", kind.rawValue)])
    }

    /// An escalation event at `level` with `status`.
    public static func escalation(level: EscalationLevel, status: EscalationStatus) -> OutputMetric {
        OutputMetric(label: escalationsLabel, dimensions: [Dimension("level", level.rawValue), Dimension("status", status.rawValue)])
    }
}
