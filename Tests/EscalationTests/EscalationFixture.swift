import Foundation
import HomewardContract
import HomewardEscalation
import HomewardProcessing

/// The synthetic case the specifications are about, the shipped policies,
/// and a replay that returns the escalations a history produces.
enum EscalationFixture {
    static let caseId: Identifier = "case-000001"
    static let caseworker: Identifier = "cw-0001"
    static let team: Identifier = "team-north"

    /// T: the moment most histories are measured from.
    static let start = try! Timestamp(rfc3339: "2026-03-02T09:00:00Z")

    /// `config/policies/`, found from this file's path.
    static let policies = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // EscalationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("config/policies")

    /// The text of the shipped policy file `name`.
    static func policyText(_ name: String = EscalationPolicy.fileName) throws -> String {
        try String(contentsOf: policies.appendingPathComponent(name), encoding: .utf8)
    }

    private static let loaded: Result<EscalationPolicy, any Error> = Result {
        try EscalationPolicy(yaml: try policyText(), file: EscalationPolicy.fileName)
    }

    /// The shipped escalator policy.
    static func policy() throws -> EscalationPolicy { try loaded.get() }

    /// The escalator following the shipped policy.
    static func worker() throws -> EscalatorWorker { EscalatorWorker(policy: try policy()) }
}

/// T plus `days`, `hours` and `minutes`.
func day(_ days: Int, hours: Int = 0, minutes: Int = 0) -> Timestamp {
    EscalationFixture.start.adding(days: days).adding(hours: hours).adding(minutes: minutes)
}

// MARK: - Inputs

/// An event about the case that happened at `time`.
func caseEvent(_ payload: CaseEventPayload, at time: Timestamp, id: String? = nil) -> EscalatorInput {
    .caseEvent(CaseEvent(id: Identifier(trusted: id ?? "e-\(payload.type.rawValue)-\(time.millisecondsSinceEpoch)"),
                         source: EventSource(trusted: "/case-system/test"), time: time, subject: EscalationFixture.caseId,
                         payload: payload))
}

/// `case.opened`: the caseworker and team become known.
func opened(at time: Timestamp) -> EscalatorInput {
    caseEvent(.caseOpened(CaseOpened(caseworkerId: EscalationFixture.caseworker, teamId: EscalationFixture.team, language: .en,
                                     placement: .init(type: .foster, since: time.adding(days: -100)))),
              at: time)
}

/// `case.reunified`: the child returns home (starts the scheduler's visit plan).
func reunified(at time: Timestamp) -> EscalatorInput {
    caseEvent(.caseReunified(CaseReunified(reunifiedAt: time)), at: time)
}

/// `risk.signal-reported` with signal id `id` (by default `sig-` and the
/// minute it was reported), observed when reported unless `observedAt` says otherwise.
func signal(_ category: RiskCategory = .neglect, severity: Int, at time: Timestamp, observedAt: Timestamp? = nil,
            id: String? = nil) -> EscalatorInput {
    let signalId = id ?? "sig-\(time.millisecondsSinceEpoch / 60_000)"
    return caseEvent(.riskSignalReported(RiskSignalReported(signalId: Identifier(trusted: signalId), category: category,
                                                            severity: Severity(unchecked: severity), source: .school,
                                                            observedAt: observedAt ?? time)),
                     at: time, id: "e-\(signalId)")
}

/// `visit.completed` with visit id `id` (by default `visit-` and the minute).
func visit(at time: Timestamp, seenAlone: Bool = true, concerns: [RiskCategory]? = nil, id: String? = nil) -> EscalatorInput {
    let visitId = id ?? "visit-\(time.millisecondsSinceEpoch / 60_000)"
    return caseEvent(.visitCompleted(VisitCompleted(visitId: Identifier(trusted: visitId), completedAt: time,
                                                    childSeenAlone: seenAlone, concerns: concerns)),
                     at: time, id: "e-\(visitId)")
}

/// `case.risk-level-assessed`.
func riskAssessed(_ level: RiskLevel, at time: Timestamp) -> EscalatorInput {
    caseEvent(.riskLevelAssessed(RiskLevelAssessed(level: level, assessedAt: time)), at: time)
}

/// `escalation.acknowledged` of `escalationId`.
func acknowledged(_ escalationId: Identifier, at time: Timestamp) -> EscalatorInput {
    caseEvent(.escalationAcknowledged(EscalationAcknowledged(escalationId: escalationId, acknowledgedBy: "sup-0001",
                                                             acknowledgedAt: time)),
              at: time)
}

/// `escalation.resolved` of `escalationId`.
func resolved(_ escalationId: Identifier, at time: Timestamp) -> EscalatorInput {
    caseEvent(.escalationResolved(EscalationResolved(escalationId: escalationId, resolvedBy: "sup-0001", resolvedAt: time,
                                                     outcome: .supportIntensified)),
              at: time)
}

/// `court-order.issued`, ending at `end`.
func courtOrderIssued(_ orderId: Identifier, _ kind: CourtOrderKind, endsAt end: Timestamp, at time: Timestamp) -> EscalatorInput {
    caseEvent(.courtOrderIssued(CourtOrderIssued(orderId: orderId, kind: kind, startsAt: time, endsAt: end)), at: time)
}

/// `case.closed`.
func closed(at time: Timestamp) -> EscalatorInput {
    caseEvent(.caseClosed(CaseClosed(reason: .monitoringComplete, approvedBy: "sup-0001")), at: time)
}

/// `case.reopened`.
func reopened(at time: Timestamp) -> EscalatorInput {
    caseEvent(.caseReopened(CaseReopened(reason: .newConcern)), at: time)
}

/// The scheduler's `occurrence`-th visit-overdue reminder about one visit,
/// scheduled for `time`.
func overdueReminder(occurrence: Int, at time: Timestamp, kind: ReminderKind = .visitOverdue) -> EscalatorInput {
    .reminder(Reminder(reminderId: Identifier(trusted: "rem-\(EscalationFixture.caseId.rawValue)-\(kind.rawValue)-\(occurrence)"),
                       kind: kind, caseId: EscalationFixture.caseId, scheduledFor: time, dueAt: day(0), occurrence: occurrence,
                       contact: CaseContact(caseworkerId: EscalationFixture.caseworker, teamId: EscalationFixture.team,
                                            language: .en, timezone: .amsterdam),
                       notify: occurrence == 1 ? [.caseworker] : [.caseworker, .supervisor]))
}

extension EscalatorInput {
    /// The case event; nil for a reminder.
    var event: CaseEvent? {
        guard case .caseEvent(let event) = self else { return nil }
        return event
    }
}

// MARK: - Replay

/// Decodes an output record's value as an escalation CloudEvent.
func decodedEscalation(_ record: OutputRecord) throws -> Escalation {
    try record.value.withUnsafeBytes { bytes throws(EventRejection) in try Escalation(decoding: bytes) }
}

extension Array where Element == OutputRecord {
    /// The escalation events among the records, decoded (the
    /// escalation-status records and tombstones left out).
    func escalationEvents() throws -> [Escalation] {
        try filter { $0.topicRole == .escalations }.map(decodedEscalation)
    }
}

/// What a replay of a history produced.
struct EscalatorRun {
    /// Every escalation event's record, in order.
    var records: [OutputRecord]
    /// Every escalation-status record and tombstone, in order.
    var statusRecords: [OutputRecord] = []
    /// Every escalation event decoded, in order.
    var escalations: [Escalation]
    /// Every escalation, summarised for comparison.
    var notices: [Notice] { escalations.map(Notice.init) }
}

/// Replays `inputs` (in the order given) through the escalator with stream
/// time, as `homeward replay` and the live worker run it; with `until`,
/// then lets every timer due by then fire.
func run(_ inputs: [EscalatorInput], until: Timestamp? = nil, partitions: Int = 1) throws -> EscalatorRun {
    var engine = ReplayEngine(logic: try EscalationFixture.worker(), partitions: partitions)
    var records: [OutputRecord] = []
    for input in inputs { records += engine.feed(input) }
    if let until { engine.finish(until: until) { records.append($0) } }
    return EscalatorRun(records: records.filter { $0.topicRole == .escalations }, statusRecords: records.filter { $0.topicRole == .escalationStatus },
                        escalations: try records.escalationEvents())
}

/// An escalation event as the specifications compare it: what changed, at
/// which level and step, when, and who is told.
struct Notice: Hashable, CustomStringConvertible {
    var status: EscalationStatus
    var level: EscalationLevel
    var step: Int
    var at: Timestamp
    var notify: [NotifyRole]

    init(_ status: EscalationStatus, _ level: EscalationLevel, step: Int = 0, at: Timestamp, notify: [NotifyRole]) {
        self.status = status
        self.level = level
        self.step = step
        self.at = at
        self.notify = notify
    }

    init(_ escalation: Escalation) {
        self.init(escalation.status, escalation.level, step: escalation.step, at: escalation.time, notify: escalation.notify)
    }

    /// `renotified urgent#1 at T+4h → supervisor, on-call`.
    var description: String {
        let minutes = (at.millisecondsSinceEpoch - EscalationFixture.start.millisecondsSinceEpoch) / 60_000
        let offset = minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes)m"
        return "\(status.rawValue) \(level.rawValue)#\(step) at T+\(offset) → " + notify.map(\.rawValue).joined(separator: ", ")
    }
}

/// Who each level's first notice goes to, and the chains, as the issue states them.
enum Roles {
    static let review: [NotifyRole] = [.caseworker]
    static let urgent: [NotifyRole] = [.caseworker, .supervisor]
    static let emergency: [NotifyRole] = [.caseworker, .supervisor, .onCall]
    static let urgentStep1: [NotifyRole] = [.supervisor, .onCall]
    static let urgentStep2: [NotifyRole] = [.manager, .onCall]
    static let emergencyStep: [NotifyRole] = [.manager, .onCall]
}
