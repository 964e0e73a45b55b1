import Foundation
import HomewardContract
import HomewardProcessing
import HomewardScheduling

/// The synthetic case the specifications are about, the shipped policy, and
/// a replay that returns the reminders a history produces.
enum ScheduleFixture {
    static let caseId: Identifier = "case-000001"
    static let caseworker: Identifier = "cw-0001"
    static let team: Identifier = "team-north"

    /// R: the moment the child of `caseId` returns home in most histories.
    static let reunification = try! Timestamp(rfc3339: "2026-03-02T09:00:00Z")

    /// `config/policies/scheduler.yaml`, found from this file's path.
    static let policyURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SchedulingTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("config/policies/scheduler.yaml")

    /// The shipped policy file's text.
    static func policyText() throws -> String {
        try String(contentsOf: policyURL, encoding: .utf8)
    }

    private static let loaded: Result<SchedulePolicy, any Error> = Result {
        try SchedulePolicy(yaml: try policyText(), file: policyURL.lastPathComponent)
    }

    /// The shipped policy.
    static func policy() throws -> SchedulePolicy { try loaded.get() }

    /// The scheduler following the shipped policy.
    static func worker() throws -> SchedulerWorker { SchedulerWorker(policy: try policy()) }
}

/// Day `days` after R (plus `hours`).
func day(_ days: Int, hours: Int = 0) -> Timestamp {
    ScheduleFixture.reunification.adding(days: days).adding(hours: hours)
}

// MARK: - Events

/// An event about `caseId` that happened at `time`.
func caseEvent(_ payload: CaseEventPayload, at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    CaseEvent(id: Identifier(trusted: "e-\(caseId.rawValue)-\(payload.type)-\(time.millisecondsSinceEpoch)"),
              source: EventSource(trusted: "/case-system/test"), time: time, subject: caseId, payload: payload)
}

func opened(at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId, language: Language = .nl) -> CaseEvent {
    caseEvent(.caseOpened(CaseOpened(caseworkerId: ScheduleFixture.caseworker, teamId: ScheduleFixture.team, language: language,
                                     placement: .init(type: .foster, since: time.adding(days: -100)))),
              at: time, case: caseId)
}

func reunified(at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.caseReunified(CaseReunified(reunifiedAt: time)), at: time, case: caseId)
}

func stageChanged(to stage: CaseStage, at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.caseStageChanged(CaseStageChanged(stage: stage, effectiveAt: time)), at: time, case: caseId)
}

func riskAssessed(_ level: RiskLevel, at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.riskLevelAssessed(RiskLevelAssessed(level: level, assessedAt: time)), at: time, case: caseId)
}

func visitScheduled(_ visitId: Identifier, dueAt: Timestamp, at time: Timestamp,
                    case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.visitScheduled(VisitScheduled(visitId: visitId, dueAt: dueAt)), at: time, case: caseId)
}

func visitCompleted(at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    let visitId = Identifier(trusted: "visit-\(caseId.rawValue)-\(time.millisecondsSinceEpoch)")
    return caseEvent(.visitCompleted(VisitCompleted(visitId: visitId, completedAt: time, childSeenAlone: true)), at: time, case: caseId)
}

func visitMissed(at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.visitMissed(VisitMissed(visitId: "visit-missed", missedAt: time, reason: .familyNotHome)), at: time, case: caseId)
}

func riskSignal(severity: Int, at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.riskSignalReported(RiskSignalReported(signalId: Identifier(trusted: "signal-\(time.millisecondsSinceEpoch)"),
                                                     category: .neglect, severity: Severity(unchecked: severity),
                                                     source: .school, observedAt: time)),
              at: time, case: caseId)
}

func courtOrderIssued(_ orderId: Identifier, _ kind: CourtOrderKind, endsAt end: Timestamp, at time: Timestamp,
                      case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.courtOrderIssued(CourtOrderIssued(orderId: orderId, kind: kind, startsAt: time, endsAt: end)), at: time, case: caseId)
}

func courtOrderEnded(_ orderId: Identifier, at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.courtOrderEnded(CourtOrderEnded(orderId: orderId, endedAt: time)), at: time, case: caseId)
}

func caseClosed(at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.caseClosed(CaseClosed(reason: .monitoringComplete, approvedBy: "sup-0001")), at: time, case: caseId)
}

func caseReopened(at time: Timestamp, case caseId: Identifier = ScheduleFixture.caseId) -> CaseEvent {
    caseEvent(.caseReopened(CaseReopened(reason: .newConcern)), at: time, case: caseId)
}

/// The usual start: the case opened two months before R, the child home at R.
func openedAndReunified(at time: Timestamp = day(0)) -> [CaseEvent] {
    [opened(at: time.adding(days: -60)), reunified(at: time)]
}

// MARK: - Replay

/// Decodes an output record's value as a reminder CloudEvent.
func decodedReminder(_ record: OutputRecord) throws -> Reminder {
    try record.value.withUnsafeBytes { bytes throws(EventRejection) in try Reminder(decoding: bytes) }
}

/// What a replay of a history produced: per input, then at the end.
struct ReplayResult {
    /// The reminders each input's step produced (timers fired before it, then after it).
    var steps: [[Reminder]]
    /// The reminders of the timers due by the end of the replay.
    var atEnd: [Reminder]
    /// Every output record, in order.
    var records: [OutputRecord]

    /// Every reminder, in order.
    var reminders: [Reminder] { steps.flatMap { $0 } + atEnd }
    /// Every reminder, summarised for comparison.
    var sent: [Sent] { reminders.map(Sent.init) }
}

/// Replays `events` (in the order given) through the scheduler with stream
/// time, as `homeward replay` and the live worker run it, then lets every
/// timer due by `until` fire.
func replay(_ events: [CaseEvent], until: Timestamp, partitions: Int = 1) throws -> ReplayResult {
    var engine = ReplayEngine(logic: try ScheduleFixture.worker(), partitions: partitions)
    var result = ReplayResult(steps: [], atEnd: [], records: [])
    for event in events {
        let outputs = engine.feed(event)
        result.records += outputs
        result.steps.append(try outputs.map(decodedReminder))
    }
    var last: [OutputRecord] = []
    engine.finish(until: until) { last.append($0) }
    result.records += last
    result.atEnd = try last.map(decodedReminder)
    return result
}

/// A reminder as the specifications compare it: everything but the id and
/// the case's contact.
struct Sent: Hashable, CustomStringConvertible {
    var kind: ReminderKind
    /// The moment it was scheduled for (the CloudEvent time).
    var at: Timestamp
    var due: Timestamp
    var occurrence: Int
    var notify: [NotifyRole]
    var visitId: Identifier?
    var orderId: Identifier?
    var firedAt: Timestamp?

    init(_ kind: ReminderKind, at: Timestamp, due: Timestamp, occurrence: Int = 1, notify: [NotifyRole],
         visitId: Identifier? = nil, orderId: Identifier? = nil, firedAt: Timestamp? = nil) {
        self.kind = kind
        self.at = at
        self.due = due
        self.occurrence = occurrence
        self.notify = notify
        self.visitId = visitId
        self.orderId = orderId
        self.firedAt = firedAt
    }

    init(_ reminder: Reminder) {
        self.init(reminder.kind, at: reminder.scheduledFor, due: reminder.dueAt, occurrence: reminder.occurrence,
                  notify: reminder.notify, visitId: reminder.visitId, orderId: reminder.orderId, firedAt: reminder.firedAt)
    }

    /// `visit-overdue#2 at day 17 (due day 7) → caseworker, supervisor`.
    var description: String {
        var text = "\(kind.rawValue)#\(occurrence) at \(Self.relative(at)) (due \(Self.relative(due))) → "
            + notify.map(\.rawValue).joined(separator: ", ")
        if let visitId { text += " visit \(visitId)" }
        if let orderId { text += " order \(orderId)" }
        if let firedAt { text += " fired \(Self.relative(firedAt))" }
        return text
    }

    private static func relative(_ time: Timestamp) -> String {
        let hours = (time.millisecondsSinceEpoch - ScheduleFixture.reunification.millisecondsSinceEpoch) / 3_600_000
        let days = hours / 24, rest = hours % 24
        return "day \(days)" + (rest == 0 ? "" : " \(rest)h")
    }
}
