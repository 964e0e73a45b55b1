public import HomewardContract

/// A case's aftercare visit plan, from reunification on.
public struct AftercarePlan: Sendable, Hashable {
    /// R: when the child returned home (or the case was reopened).
    public var reunifiedAt: Timestamp
    /// The last completed visit, or R: what the next visit is planned from.
    public var lastVisit: Timestamp
    /// D: when the next visit is due.
    public var due: Timestamp
    /// The scheduled visit, when D came from `visit.scheduled`.
    public var visitId: Identifier?
    /// Whether D was set explicitly (a risk-level change does not move it).
    public var scheduled: Bool
    /// When the `visit.scheduled` that set D happened: an older scheduling,
    /// or a visit completed before it, that arrives later does not replace D.
    public var scheduledAt: Timestamp?
    /// Whether the due-soon reminder for D has fired (or its moment had
    /// passed when D was set).
    public var dueSoonDone: Bool
    /// Overdue reminders fired (or skipped) for D.
    public var overdueFired: Int
    /// The next closure-review check; `nil` once the review was asked for.
    public var closureCheck: Timestamp?

    /// Creates a plan.
    public init(reunifiedAt: Timestamp, lastVisit: Timestamp, due: Timestamp, visitId: Identifier? = nil, scheduled: Bool = false,
                scheduledAt: Timestamp? = nil, dueSoonDone: Bool = false, overdueFired: Int = 0, closureCheck: Timestamp?) {
        self.reunifiedAt = reunifiedAt
        self.lastVisit = lastVisit
        self.due = due
        self.visitId = visitId
        self.scheduled = scheduled
        self.scheduledAt = scheduledAt
        self.dueSoonDone = dueSoonDone
        self.overdueFired = overdueFired
        self.closureCheck = closureCheck
    }
}

/// A court order the scheduler keeps deadlines for.
public struct CourtOrderTrack: Sendable, Hashable {
    /// The order.
    public var orderId: Identifier
    /// Its kind.
    public var kind: CourtOrderKind
    /// E: when it ends.
    public var endsAt: Timestamp
    /// A small number naming the order's timer within the case.
    public var slot: Int
    /// Reminders fired (or skipped), in the policy's order.
    public var done: Int

    /// Creates a track.
    public init(orderId: Identifier, kind: CourtOrderKind, endsAt: Timestamp, slot: Int, done: Int) {
        self.orderId = orderId
        self.kind = kind
        self.endsAt = endsAt
        self.slot = slot
        self.done = done
    }
}

/// A reminder that is due, before the case's contact is filled in.
public struct ReminderDraft: Sendable, Hashable {
    /// What is due.
    public var kind: ReminderKind
    /// The schedule slot, unique within the case and kind (part of the id).
    public var slot: String
    /// The moment it was scheduled for.
    public var scheduledFor: Timestamp
    /// What it is about is due then.
    public var dueAt: Timestamp
    /// 1, 2, … for repeats about the same item.
    public var occurrence: Int
    /// Who is told.
    public var notify: [NotifyRole]
    /// The visit, if any.
    public var visitId: Identifier?
    /// The order, if any.
    public var orderId: Identifier?

    /// Creates a draft.
    public init(kind: ReminderKind, slot: String, scheduledFor: Timestamp, dueAt: Timestamp, occurrence: Int,
                notify: [NotifyRole], visitId: Identifier? = nil, orderId: Identifier? = nil) {
        self.kind = kind
        self.slot = slot
        self.scheduledFor = scheduledFor
        self.dueAt = dueAt
        self.occurrence = occurrence
        self.notify = notify
        self.visitId = visitId
        self.orderId = orderId
    }
}
