public import HomewardContract
public import HomewardProcessing

/// The scheduler's policy: when visits are due, when to remind, when reviews
/// and court-order deadlines come. Loaded from `config/policies/scheduler.yaml`
/// and validated at start-up; every number is a setting. Durations are exact
/// (a day is 24 hours); local delivery windows are the notifier's business.
public struct SchedulePolicy: Sendable, Hashable {
    /// The aftercare visit plan, from reunification on.
    public var aftercare: Aftercare
    /// Periodic reviews while a case is in a stage.
    public var stageReviews: [StageReview]
    /// Deadline reminders per court-order kind.
    public var courtOrders: [CourtOrderReminders]
    /// A reminder that fires later than this after its moment (the worker
    /// was down, or the case's caseworker was not known yet) carries `firedAt`.
    public var lateAfter: PolicyDuration
    /// The language of a case whose `case.opened` has not arrived yet.
    public var defaultLanguage: Language

    /// Creates a policy.
    public init(aftercare: Aftercare, stageReviews: [StageReview], courtOrders: [CourtOrderReminders],
                lateAfter: PolicyDuration, defaultLanguage: Language) {
        self.aftercare = aftercare
        self.stageReviews = stageReviews
        self.courtOrders = courtOrders
        self.lateAfter = lateAfter
        self.defaultLanguage = defaultLanguage
    }

    /// The aftercare visit plan.
    public struct Aftercare: Sendable, Hashable {
        /// Visit intervals by time since reunification, in order; the last
        /// one has no limit.
        public var intervals: [VisitInterval]
        /// The longest interval per risk level (`high` → 7 days); unset = no cap.
        public var riskCaps: [RiskLevel: PolicyDuration]
        /// The reminder before a visit is due.
        public var dueSoon: Advance
        /// The overdue chain.
        public var overdue: Overdue
        /// The closure review at the end of the monitoring period.
        public var closureReview: ClosureReview

        /// Creates the plan's settings.
        public init(intervals: [VisitInterval], riskCaps: [RiskLevel: PolicyDuration], dueSoon: Advance,
                    overdue: Overdue, closureReview: ClosureReview) {
            self.intervals = intervals
            self.riskCaps = riskCaps
            self.dueSoon = dueSoon
            self.overdue = overdue
            self.closureReview = closureReview
        }
    }

    /// One step of the tapering visit plan.
    public struct VisitInterval: Sendable, Hashable {
        /// Applies while the time since reunification is under this; `nil`
        /// for the last step.
        public var sinceReunificationUnder: PolicyDuration?
        /// The interval to the next visit.
        public var every: PolicyDuration

        /// Creates a step.
        public init(sinceReunificationUnder: PolicyDuration?, every: PolicyDuration) {
            self.sinceReunificationUnder = sinceReunificationUnder
            self.every = every
        }
    }

    /// A reminder some time before a moment.
    public struct Advance: Sendable, Hashable {
        /// How long before.
        public var before: PolicyDuration
        /// Who is told.
        public var notify: [NotifyRole]

        /// Creates the setting.
        public init(before: PolicyDuration, notify: [NotifyRole]) {
            self.before = before
            self.notify = notify
        }
    }

    /// The overdue chain of a visit.
    public struct Overdue: Sendable, Hashable {
        /// Grace after the due time before the first overdue reminder.
        public var after: PolicyDuration
        /// Interval of the repeats while still overdue.
        public var repeatEvery: PolicyDuration
        /// Who is told the first time.
        public var notifyFirst: [NotifyRole]
        /// Who is told on repeats.
        public var notifyRepeats: [NotifyRole]

        /// Creates the setting.
        public init(after: PolicyDuration, repeatEvery: PolicyDuration, notifyFirst: [NotifyRole], notifyRepeats: [NotifyRole]) {
            self.after = after
            self.repeatEvery = repeatEvery
            self.notifyFirst = notifyFirst
            self.notifyRepeats = notifyRepeats
        }
    }

    /// The closure review.
    public struct ClosureReview: Sendable, Hashable {
        /// Time after reunification of the first check.
        public var after: PolicyDuration
        /// The check passes if this period before it was quiet.
        public var quietPeriod: PolicyDuration
        /// Risk signals of at least this severity break the quiet (as does any overdue visit).
        public var signalSeverityAtLeast: Int
        /// Interval of later checks while not quiet.
        public var recheckEvery: PolicyDuration
        /// Who is told.
        public var notify: [NotifyRole]

        /// Creates the setting.
        public init(after: PolicyDuration, quietPeriod: PolicyDuration, signalSeverityAtLeast: Int,
                    recheckEvery: PolicyDuration, notify: [NotifyRole]) {
            self.after = after
            self.quietPeriod = quietPeriod
            self.signalSeverityAtLeast = signalSeverityAtLeast
            self.recheckEvery = recheckEvery
            self.notify = notify
        }
    }

    /// A review repeated while a case stays in some stages.
    public struct StageReview: Sendable, Hashable {
        /// The reminder kind (`case-plan-review-due`, `reassessment-due`).
        public var kind: ReminderKind
        /// The stages it applies to; entering one of them starts the count.
        public var stages: [CaseStage]
        /// The interval from entering the stage.
        public var every: PolicyDuration
        /// Who is told.
        public var notify: [NotifyRole]

        /// Creates the setting.
        public init(kind: ReminderKind, stages: [CaseStage], every: PolicyDuration, notify: [NotifyRole]) {
            self.kind = kind
            self.stages = stages
            self.every = every
            self.notify = notify
        }
    }

    /// The reminders of some court-order kinds, relative to the order's end.
    public struct CourtOrderReminders: Sendable, Hashable {
        /// The order kinds.
        public var kinds: [CourtOrderKind]
        /// The reminders.
        public var reminders: [Moment]
        /// Who is told.
        public var notify: [NotifyRole]

        /// Creates the setting.
        public init(kinds: [CourtOrderKind], reminders: [Moment], notify: [NotifyRole]) {
            self.kinds = kinds
            self.reminders = reminders
            self.notify = notify
        }
    }

    /// One court-order reminder: fires `before` the end; its `dueAt` is
    /// `dueBefore` the end (the filing deadline for the extension reminders,
    /// the end itself for `court-order-expiring`).
    public struct Moment: Sendable, Hashable {
        /// The reminder kind.
        public var kind: ReminderKind
        /// When it fires, before the order's end.
        public var before: PolicyDuration
        /// What it is due, before the order's end.
        public var dueBefore: PolicyDuration

        /// Creates a moment.
        public init(kind: ReminderKind, before: PolicyDuration, dueBefore: PolicyDuration = .init(milliseconds: 0)) {
            self.kind = kind
            self.before = before
            self.dueBefore = dueBefore
        }
    }

    /// The review of `stage`, if any.
    public func review(of stage: CaseStage?) -> StageReview? {
        guard let stage else { return nil }
        return stageReviews.first { $0.stages.contains(stage) }
    }

    /// The reminders of court orders of `kind`, earliest first.
    public func orderReminders(for kind: CourtOrderKind) -> (moments: [Moment], notify: [NotifyRole])? {
        guard let rule = courtOrders.first(where: { $0.kinds.contains(kind) }) else { return nil }
        return (rule.reminders.sorted { $0.before > $1.before }, rule.notify)
    }
}
