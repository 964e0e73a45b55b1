public import HomewardContract
public import HomewardNotification

/// What happened on one day: reminders fired by kind, e-mails by outcome,
/// dead letters by reason. Records of other days are not counted.
public struct TodayCounts: Sendable, Hashable {
    /// The day counted, as `[start, end)`.
    public private(set) var day: Range<Timestamp>
    /// Reminders fired, by kind.
    public private(set) var reminders: [String: Int] = [:]
    /// E-mail status changes, by outcome (`sent`, `deferred`, `failed`, …).
    public private(set) var emails: [String: Int] = [:]
    /// Dead letters, by reason kind.
    public private(set) var deadLetters: [String: Int] = [:]

    /// Nothing counted yet for `day`.
    public init(day: Range<Timestamp>) { self.day = day }

    /// Starts counting `day` afresh when it is not the day counted.
    public mutating func move(to day: Range<Timestamp>) {
        guard day != self.day else { return }
        self = TodayCounts(day: day)
    }

    /// Counts a reminder fired at `time`.
    public mutating func countReminder(_ kind: ReminderKind, at time: Timestamp) {
        if day.contains(time) { reminders[kind.rawValue, default: 0] += 1 }
    }

    /// Counts a delivery report.
    public mutating func countDelivery(_ report: DeliveryReport) {
        if day.contains(report.at) { emails[report.status.rawValue, default: 0] += 1 }
    }

    /// Counts a dead letter of `reason` written at `time`.
    public mutating func countDeadLetter(reason: String, at time: Timestamp) {
        if day.contains(time) { deadLetters[reason, default: 0] += 1 }
    }
}
