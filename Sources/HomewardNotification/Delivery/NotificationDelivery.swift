public import HomewardContract
public import HomewardProcessing

/// The notifier's second stage, as rules: per recipient (the key of
/// `notifications`), decides what to send when, and what to report.
///
/// - Daily digest kinds wait for the recipient's next digest (08:00 on
///   weekdays, their time); the digest is one e-mail listing every item.
/// - At-once kinds go at once, unless it is quiet hours for the recipient:
///   then they wait until quiet hours end (the next weekday at 07:00).
/// - Always-at-once kinds (urgent and emergency escalations) go at once,
///   day and night.
/// - An acknowledged or resolved escalation cancels what of it still waits
///   (deferred, or waiting for a retry); a newer notification of the same
///   escalation replaces a deferred older one.
/// - Transient failures are retried on the recipient's timers with
///   exponential backoff and deterministic jitter, for up to a day; one
///   e-mail's retries never hold up another's. Permanent failures and
///   exhausted retries are reported failed and go to dead-letter.
/// - An id settled within ``NotifierPolicy/sentIdsKept`` arriving again is dropped.
///
/// The state is changed in place and returned decisions say what to send,
/// report, dead-letter and time (see ``RecipientDeliveries`` for what is
/// durable when). Pure: the same inputs at the same moments give the same
/// e-mails, Message-IDs and reports.
public struct NotificationDelivery: Sendable {
    /// When and how to send.
    public let policy: NotifierPolicy
    /// Names and addresses, as last loaded.
    public let liveDirectory: LiveStaffDirectory
    /// The e-mails' text.
    public let templates: NotificationTemplates

    /// Creates the rules over a directory that never changes.
    public init(policy: NotifierPolicy, directory: StaffDirectory, templates: NotificationTemplates) {
        self.init(policy: policy, directory: LiveStaffDirectory(directory), templates: templates)
    }

    /// Creates the rules over a directory reloaded when its file changes.
    public init(policy: NotifierPolicy, directory: LiveStaffDirectory, templates: NotificationTemplates) {
        self.policy = policy
        liveDirectory = directory
        self.templates = templates
    }

    /// Names and addresses now.
    public var directory: StaffDirectory { liveDirectory.current }

    /// `notifier-delivery`.
    public var name: String { "notifier-delivery" }
    /// Reads `notifications`.
    public var inputRoles: [TopicRole] { [.notifications] }
    /// Keeps `notifier-state`.
    public var stateRole: TopicRole { .notifierState }

    /// The ids of delivery's timers within a recipient.
    enum Timer {
        static let digest = "digest"
        static let deferred = "deferred"
        static let retry = "retry"
    }

    /// Applies `input` for `recipientId` at `now`.
    public func decide(_ input: DeliveryInput, recipientId: Identifier, state: inout RecipientDeliveries?, now: Timestamp) -> DeliveryDecision {
        var deliveries = state ?? RecipientDeliveries()
        var step = Step(recipientId: recipientId, now: now)
        deliveries.forgetSettled(before: now - policy.sentIdsKept)
        switch input {
        case .notification(let notification):
            receive(notification, into: &deliveries, &step)
        case .outcome(let outcome):
            record(outcome, in: &deliveries, &step)
        case .restored:
            resendInDoubt(in: &deliveries, why: "restarted", &step)
        }
        return finish(deliveries, into: &state, step)
    }

    /// Fires one of `recipientId`'s timers at `now` (later than it was due if the worker was down).
    public func fire(_ timer: DurableTimer, recipientId: Identifier, state: inout RecipientDeliveries?, now: Timestamp) -> DeliveryDecision {
        guard var deliveries = state else { return DeliveryDecision() }
        var step = Step(recipientId: recipientId, now: now)
        deliveries.forgetSettled(before: now - policy.sentIdsKept)
        switch timer.id {
        case Timer.digest: sendDigest(&deliveries, &step)
        case Timer.deferred: sendDeferred(&deliveries, &step)
        case Timer.retry: retry(&deliveries, &step)
        default: break
        }
        return finish(deliveries, into: &state, step)
    }

    /// Sends again, in doubt, every e-mail whose attempt started and has no
    /// outcome; those past their retry window (or cancelled meanwhile) are
    /// settled instead.
    private func resendInDoubt(in deliveries: inout RecipientDeliveries, why: String, _ step: inout Step) {
        var settled: [Int] = []
        for index in deliveries.emails.indices {
            guard case .sending = deliveries.emails[index].phase else { continue }
            if deliveries.emails[index].cancelled {
                let email = deliveries.emails[index]
                report(.cancelled, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: email.attempt,
                       reason: "its escalation was closed; attempt \(email.attempt) has no outcome", &step)
                settled.append(index)
            } else if !resendInDoubt(&deliveries.emails[index], why: why, &step) {
                settled.append(index)
            }
        }
        for index in settled.reversed() {
            deliveries.settle(deliveries.emails[index].notificationIds, at: step.now)
            deliveries.emails.remove(at: index)
        }
    }

    /// The timers `deliveries` wants: the digest, the end of a deferral and
    /// the next retry, each at its earliest moment.
    public func timers(of deliveries: RecipientDeliveries) -> [DurableTimer] {
        var timers: [DurableTimer] = []
        if !deliveries.digest.isEmpty, let at = deliveries.digestAt { timers.append(DurableTimer(id: Timer.digest, due: at)) }
        if let until = deliveries.deferred.map(\.until).min() { timers.append(DurableTimer(id: Timer.deferred, due: until)) }
        var retry: Timestamp?
        for case .waiting(let until) in deliveries.emails.map(\.phase) { retry = min(retry ?? until, until) }
        if let retry { timers.append(DurableTimer(id: Timer.retry, due: retry)) }
        return timers
    }

    /// The decision of `step`, with the state stored back (nil once it is empty).
    private func finish(_ deliveries: RecipientDeliveries, into state: inout RecipientDeliveries?, _ step: Step) -> DeliveryDecision {
        state = deliveries.isEmpty ? nil : deliveries
        var decision = DeliveryDecision()
        decision.sends = step.sends
        decision.reports = step.reports
        decision.deadLetters = step.deadLetters
        decision.timers = timers(of: deliveries)
        return decision
    }
}

/// What one step has decided so far.
struct Step {
    let recipientId: Identifier
    let now: Timestamp
    var sends: [OutgoingEmail] = []
    var reports: [DeliveryReport] = []
    var deadLetters: [DeliveryDeadLetter] = []

    init(recipientId: Identifier, now: Timestamp) {
        self.recipientId = recipientId
        self.now = now
    }
}

extension RecipientDeliveries {
    /// Drops settled ids older than `horizon`.
    mutating func forgetSettled(before horizon: Timestamp) {
        settled.removeAll { $0.at < horizon }
    }

    /// Notes `ids` as settled at `now`.
    mutating func settle(_ ids: [Identifier], at now: Timestamp) {
        for id in ids where !settled.contains(where: { $0.id == id }) { settled.append(Settled(id: id, at: now)) }
    }
}
