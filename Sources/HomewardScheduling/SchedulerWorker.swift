public import HomewardContract
public import HomewardProcessing

/// The scheduler: plans aftercare visits and reminds of them, of reviews and
/// of court-order deadlines. Consumes `case-events`, keeps a
/// ``CaseSchedule`` per case in `schedule-state`, writes `reminder.v1`
/// events to `reminders`.
///
/// Pure: the same events give the same reminders with the same ids, live
/// or in `homeward replay`.
public struct SchedulerWorker: WorkerLogic {
    /// The policy it follows.
    public let policy: SchedulePolicy

    /// Creates the worker with `policy`.
    public init(policy: SchedulePolicy) { self.policy = policy }

    /// `scheduler`.
    public static let name = "scheduler"
    /// Reads `case-events`.
    public static let inputRoles: [TopicRole] = [.caseEvents]
    /// Keeps `schedule-state`.
    public static let stateRole = TopicRole.scheduleState

    /// ``name``.
    public var name: String { Self.name }
    /// ``inputRoles``.
    public var inputRoles: [TopicRole] { Self.inputRoles }
    /// ``stateRole``.
    public var stateRole: TopicRole { Self.stateRole }
    /// Writes `reminders`.
    public static let outputRole = TopicRole.reminders

    /// Applies the event to the case's schedule; releases reminders held
    /// for want of a caseworker once one is known; re-derives the timers.
    public func handle(_ input: CaseEvent, state: CaseSchedule?, timers: [DurableTimer], now: Timestamp) -> Effects<CaseSchedule> {
        pureEffects(of: state) { handle(input, updating: &$0, timers: timers, now: now) }
    }

    /// Fires one of the case's timers: the reminder it stands for, or holds
    /// it until the case's caseworker is known.
    public func fire(_ timer: DurableTimer, key: String, state: CaseSchedule?, timers: [DurableTimer], now: Timestamp) -> Effects<CaseSchedule> {
        pureEffects(of: state) { fire(timer, key: key, updating: &$0, timers: timers, now: now) }
    }

    /// ``handle(_:state:timers:now:)`` on the schedule in place (what the runtime calls).
    public func handle(_ input: CaseEvent, updating state: inout CaseSchedule?, timers: [DurableTimer], now: Timestamp) -> Effects<CaseSchedule> {
        if case .none = state { state = CaseSchedule() }
        state!.apply(input, policy: policy, now: now)
        var outputs: [OutputRecord] = []
        if !state!.held.isEmpty, let contact = state!.contact(defaultLanguage: policy.defaultLanguage) {
            for draft in state!.held { outputs.append(record(draft, caseId: input.subject, contact: contact, now: now)) }
            state!.held = []
        }
        return effects(state!, timers: timers, outputs: outputs)
    }

    /// ``fire(_:key:state:timers:now:)`` on the schedule in place (what the runtime calls).
    public func fire(_ timer: DurableTimer, key: String, updating state: inout CaseSchedule?, timers: [DurableTimer],
                     now: Timestamp) -> Effects<CaseSchedule> {
        guard case .some = state else { return .none }
        var outputs: [OutputRecord] = []
        if let draft = state!.fire(timer.id, due: timer.due, policy: policy) {
            if let contact = state!.contact(defaultLanguage: policy.defaultLanguage) {
                outputs.append(record(draft, caseId: Identifier(trusted: key), contact: contact, now: now))
            } else {
                state!.held.append(draft)
            }
        }
        return effects(state!, timers: timers, outputs: outputs)
    }

    /// The reminder for `draft`, as its output record.
    func record(_ draft: ReminderDraft, caseId: Identifier, contact: CaseContact, now: Timestamp) -> OutputRecord {
        let late = now.millisecondsSinceEpoch - draft.scheduledFor.millisecondsSinceEpoch > policy.lateAfter.milliseconds
        let reminder = Reminder(
            reminderId: ReminderIdentity.id(caseId: caseId, slot: draft.slot), kind: draft.kind, caseId: caseId,
            scheduledFor: draft.scheduledFor, dueAt: draft.dueAt, occurrence: draft.occurrence, contact: contact,
            notify: draft.notify, visitId: draft.visitId, orderId: draft.orderId, firedAt: late ? now : nil)
        return OutputRecord(topicRole: Self.outputRole, key: caseId.rawValue, id: reminder.reminderId.rawValue,
                            time: reminder.scheduledFor, value: reminder.encoded(), metric: .reminder(reminder.kind))
    }

    /// The timers `schedule` wants that are not set yet, and those set that it no longer wants.
    private func effects(_ schedule: borrowing CaseSchedule, timers current: [DurableTimer],
                         outputs: [OutputRecord]) -> Effects<CaseSchedule> {
        // The schedule was changed in place; the store compares the encoded
        // bytes and writes nothing when they are unchanged.
        Effects(outputs: outputs, timers: schedule.timers(policy: policy), replacing: current)
    }
}
