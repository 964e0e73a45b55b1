public import HomewardContract
public import HomewardProcessing

/// The notifier's first stage: turns each reminder and escalation into one
/// `notification.v1` per person to tell, on `notifications`, keyed by the
/// recipient (a repartition, so one delivery instance holds all a person is
/// owed). Consumes `reminders` and `escalations` (co-partitioned by case id).
///
/// - Each `notify` role resolves through the ``StaffDirectory`` at the
///   event's sending moment (``FanOutInput/sendingMoment``); a person who
///   holds two roles gets one notification, in the first role listed.
/// - Kinds the policy never e-mails produce nothing.
/// - An escalation's `acknowledged` or `resolved` event produces a
///   cancelling notification for everyone told of that escalation (kept in
///   ``FanOutCase``), so delivery drops what still waits for them.
/// - A role that resolves to nobody makes a ``FanOutDeadLetter``.
///
/// Pure: the same events give the same notifications with the same ids
/// (`ntf-<source event id>-<recipient id>`).
public struct NotificationFanOut: WorkerLogic {
    /// Who is who, as last loaded.
    public let liveDirectory: LiveStaffDirectory
    /// What is never e-mailed.
    public let policy: NotifierPolicy

    /// Creates the fan-out over a directory that never changes.
    public init(directory: StaffDirectory, policy: NotifierPolicy) {
        self.init(directory: LiveStaffDirectory(directory), policy: policy)
    }

    /// Creates the fan-out over a directory reloaded when its file changes.
    public init(directory: LiveStaffDirectory, policy: NotifierPolicy) {
        liveDirectory = directory
        self.policy = policy
    }

    /// Who is who now.
    public var directory: StaffDirectory { liveDirectory.current }

    /// `notifier-fanout`.
    public var name: String { "notifier-fanout" }
    /// Reads `reminders` and `escalations`.
    public var inputRoles: [TopicRole] { [.reminders, .escalations] }
    /// Keeps `notifier-fanout-state` (co-partitioned with reminders and escalations).
    public var stateRole: TopicRole { .notifierFanOutState }
    /// Writes `notifications`.
    public static let outputRole = TopicRole.notifications

    /// The notifications of one input, and the dead letter for roles
    /// nobody holds. ``handle(_:updating:timers:now:)`` returns the
    /// effects alone: a runtime that can produce dead letters calls this.
    public func fanOut(_ input: FanOutInput, updating state: inout FanOutCase?) -> (effects: Effects<FanOutCase>, deadLetter: FanOutDeadLetter?) {
        let hadState = state != nil
        var notifications: [StaffNotification] = []
        var problems: [UnresolvedRole] = []
        switch input {
        case .reminder(let reminder):
            guard policy.reminders[reminder.kind] != .never else { break }
            (notifications, problems) = notify(reminder.notify, input: input, contact: reminder.contact) { person, role in
                notification(of: input, to: person, role: role, contact: reminder.contact, priority: .routine, kind: reminder.kind.rawValue,
                             dueAt: reminder.dueAt, occurrence: reminder.occurrence)
            }
        case .escalation(let escalation) where escalation.status == .acknowledged || escalation.status == .resolved:
            guard let told = state?.close(escalation.escalationId) else { break }
            notifications = told.recipients.map { recipient in
                StaffNotification(notificationId: StaffNotification.id(sourceEventId: escalation.eventId, recipientId: recipient.id),
                             time: escalation.time, recipientId: recipient.id, role: recipient.role, caseId: escalation.caseId,
                             sourceType: .escalation, sourceEventId: escalation.eventId, priority: NotificationPriority(level: told.level),
                             kind: told.level.rawValue, language: recipient.language, timezone: recipient.timezone,
                             escalationId: escalation.escalationId, escalationStatus: escalation.status)
            }
        case .escalation(let escalation):
            guard policy.escalations[escalation.level] != .never else { break }
            (notifications, problems) = notify(escalation.notify, input: input, contact: escalation.contact) { person, role in
                notification(of: input, to: person, role: role, contact: escalation.contact, priority: NotificationPriority(level: escalation.level),
                             kind: escalation.level.rawValue, dueAt: escalation.respondBy, escalation: escalation)
            }
            if !notifications.isEmpty {
                if case .none = state { state = FanOutCase() }
                state!.note(escalation.escalationId, level: escalation.level, recipients: notifications.map {
                    FanOutCase.Recipient(id: $0.recipientId, role: $0.role, language: $0.language, timezone: $0.timezone)
                })
            }
        }
        if state?.escalations.isEmpty == true { state = nil }
        let outputs = notifications.map {
            OutputRecord(topicRole: Self.outputRole, key: $0.recipientId.rawValue, id: $0.notificationId.rawValue, time: $0.time,
                         value: $0.encoded())
        }
        let deadLetter = problems.isEmpty ? nil : FanOutDeadLetter(sourceEventId: input.eventId, caseId: input.caseId, problems: problems)
        // The state was changed in place: only its deletion is an effect of its own.
        return (Effects(outputs: outputs, state: hadState && state == nil ? .delete : .unchanged), deadLetter)
    }

    /// One notification per person holding one of `roles`, and the roles nobody holds.
    private func notify(_ roles: [NotifyRole], input: FanOutInput, contact: CaseContact,
                        _ make: (StaffMember, NotifyRole) -> StaffNotification) -> ([StaffNotification], [UnresolvedRole]) {
        var notifications: [StaffNotification] = []
        var problems: [UnresolvedRole] = []
        let directory = self.directory
        for role in roles {
            switch directory.holder(of: role, caseworker: contact.caseworkerId, team: contact.teamId, at: input.sendingMoment) {
            case .success(let person):
                if !notifications.contains(where: { $0.recipientId == person.id }) { notifications.append(make(person, role)) }
            case .failure(let problem):
                problems.append(problem)
            }
        }
        return (notifications, problems)
    }

    private func notification(of input: FanOutInput, to person: StaffMember, role: NotifyRole, contact: CaseContact,
                              priority: NotificationPriority, kind: String, dueAt: Timestamp?, occurrence: Int? = nil,
                              escalation: Escalation? = nil) -> StaffNotification {
        StaffNotification(notificationId: StaffNotification.id(sourceEventId: input.eventId, recipientId: person.id), time: input.time,
                     recipientId: person.id, role: role, caseId: input.caseId,
                     sourceType: escalation == nil ? .reminder : .escalation, sourceEventId: input.eventId, priority: priority,
                     kind: kind, language: person.language ?? contact.language, timezone: person.timezone, dueAt: dueAt,
                     occurrence: occurrence, escalationId: escalation?.escalationId, escalationStatus: escalation?.status,
                     recommendation: escalation?.recommendation, step: escalation?.step)
    }

    /// The notifications of `input` (see ``fanOut(_:updating:)``).
    public func handle(_ input: FanOutInput, state: FanOutCase?, timers: [DurableTimer], now: Timestamp) -> Effects<FanOutCase> {
        pureEffects(of: state) { fanOut(input, updating: &$0).effects }
    }

    /// ``handle(_:state:timers:now:)`` in place (what the runtime calls):
    /// a role nobody holds is an output to `dead-letter` with the reason
    /// (the runtime sends the input record itself there).
    public func handle(_ input: FanOutInput, updating state: inout FanOutCase?, timers: [DurableTimer], now: Timestamp) -> Effects<FanOutCase> {
        var (effects, deadLetter) = fanOut(input, updating: &state)
        if let deadLetter {
            effects.outputs.append(OutputRecord(topicRole: .deadLetter, key: input.caseId.rawValue, id: input.eventId.rawValue, time: input.time,
                                                value: [], deadLetter: DeadLetterReason(reason: deadLetter.reason, kind: "unresolved-role")))
        }
        return effects
    }

    /// Never sets timers.
    public func fire(_ timer: DurableTimer, key: String, state: FanOutCase?, timers: [DurableTimer], now: Timestamp) -> Effects<FanOutCase> {
        .none
    }
}
