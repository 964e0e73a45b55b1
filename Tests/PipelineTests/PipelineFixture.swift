import Foundation
import HomewardContract
import HomewardEscalation
import HomewardPipeline
import HomewardProcessing
import HomewardScheduling

/// The shipped policies, the moment the specifications count from, and
/// the pipeline replay they run.
enum PipelineFixture {
    /// `config/policies/`, found from this file's path.
    static let policies = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PipelineTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("config/policies")

    private static func text(of file: String) throws -> String {
        try String(contentsOf: policies.appendingPathComponent(file), encoding: .utf8)
    }

    private static let workers: Result<(SchedulerWorker, EscalatorWorker), any Error> = Result {
        (SchedulerWorker(policy: try SchedulePolicy(yaml: try text(of: SchedulePolicy.fileName), file: SchedulePolicy.fileName)),
         EscalatorWorker(policy: try EscalationPolicy(yaml: try text(of: EscalationPolicy.fileName), file: EscalationPolicy.fileName)))
    }

    /// The scheduler following the shipped `scheduler.yaml`.
    static func scheduler() throws -> SchedulerWorker { try workers.get().0 }

    /// The escalator following the shipped `escalator.yaml`.
    static func escalator() throws -> EscalatorWorker { try workers.get().1 }

    /// Day 0 of the specifications.
    static let start = try! Timestamp(rfc3339: "2026-03-02T09:00:00Z")

    /// The case the single-case specifications are about, and its caseworker.
    static let child = SpecifiedCase(id: "case-000001", caseworker: "cw-0001")
}

/// Day 0 plus `days` and `hours`.
func day(_ days: Int, hours: Int = 0) -> Timestamp {
    PipelineFixture.start.adding(days: days).adding(hours: hours)
}

/// What the pipeline handed its sink, in order.
struct PipelineRun {
    /// Every output with the stage it came from.
    var outputs: [(stage: PipelineStage, record: OutputRecord)] = []
    /// How many of `outputs` came while feeding; the rest came at the end.
    var fedCount = 0

    /// The outputs of `stage`, in order.
    func records(of stage: PipelineStage) -> [OutputRecord] { outputs.filter { $0.stage == stage }.map(\.record) }

    /// The scheduler's reminders, decoded.
    func reminders() throws -> [Reminder] {
        try records(of: .scheduler).map { record in
            try record.value.withUnsafeBytes { bytes throws(EventRejection) in try Reminder(decoding: bytes) }
        }
    }

    /// The escalator's escalations, decoded.
    func escalations() throws -> [Escalation] {
        try records(of: .escalator).filter { $0.topicRole == .escalations }.map { record in
            try record.value.withUnsafeBytes { bytes throws(EventRejection) in try Escalation(decoding: bytes) }
        }
    }
}

/// Replays `events` (in the order given) through the scheduler and the
/// escalator together, as `homeward replay` does; with `until`, then ends
/// the replay there.
func replay(_ events: [CaseEvent], until: Timestamp?, partitions: Int = 3,
            emitting stages: Set<PipelineStage> = Set(PipelineStage.allCases)) throws -> PipelineRun {
    var pipeline = PipelineReplay(scheduler: try PipelineFixture.scheduler(), escalator: try PipelineFixture.escalator(),
                                  partitions: partitions, emitting: stages)
    var run = PipelineRun()
    for event in events { pipeline.feed(event) { run.outputs.append(($0, $1)) } }
    run.fedCount = run.outputs.count
    if let until { pipeline.finish(until: until) { run.outputs.append(($0, $1)) } }
    return run
}

/// A case of the specifications, and the events about it its case system sends.
struct SpecifiedCase {
    let id: Identifier
    let caseworker: Identifier

    /// An event about the case with `payload`, at `time`; its id names its
    /// type and time unless `id` is given.
    func event(_ payload: CaseEventPayload, at time: Timestamp, id: String? = nil) -> CaseEvent {
        CaseEvent(id: Identifier(trusted: id ?? "e-\(self.id.rawValue)-\(payload.type.rawValue)-\(time.millisecondsSinceEpoch)"),
                  source: EventSource(trusted: "/case-system/pipeline-test"), time: time, subject: self.id, payload: payload)
    }

    /// The case opens: its caseworker becomes known.
    func opened(at time: Timestamp) -> CaseEvent {
        let placement = CaseOpened.Placement(type: .foster, since: time.adding(days: -100))
        return event(.caseOpened(CaseOpened(caseworkerId: caseworker, teamId: "team-north", language: .en, placement: placement)), at: time)
    }

    /// The child returns home: the scheduler's visit plan starts.
    func reunified(at time: Timestamp) -> CaseEvent { event(.caseReunified(CaseReunified(reunifiedAt: time)), at: time) }

    /// A visit is completed.
    func visited(at time: Timestamp, seenAlone: Bool = true, concerns: [RiskCategory]? = nil) -> CaseEvent {
        let visit = VisitCompleted(visitId: Identifier(trusted: "visit-\(time.millisecondsSinceEpoch / 60_000)"), completedAt: time,
                                   childSeenAlone: seenAlone, concerns: concerns)
        return event(.visitCompleted(visit), at: time)
    }

    /// A risk signal of `severity` is reported, observed when reported.
    func reported(_ category: RiskCategory, severity: Int, at time: Timestamp) -> CaseEvent {
        let signal = RiskSignalReported(signalId: Identifier(trusted: "sig-\(time.millisecondsSinceEpoch / 60_000)"), category: category,
                                        severity: Severity(unchecked: severity), source: .school, observedAt: time)
        return event(.riskSignalReported(signal), at: time)
    }

    /// The case's risk level is assessed.
    func assessed(_ level: RiskLevel, at time: Timestamp) -> CaseEvent {
        event(.riskLevelAssessed(RiskLevelAssessed(level: level, assessedAt: time)), at: time)
    }

    /// A court order of `kind` is issued, running until `end`.
    func ordered(_ kind: CourtOrderKind, id: Identifier, until end: Timestamp, at time: Timestamp) -> CaseEvent {
        event(.courtOrderIssued(CourtOrderIssued(orderId: id, kind: kind, startsAt: time, endsAt: end)), at: time)
    }

    /// The case is closed, monitoring complete.
    func closed(at time: Timestamp) -> CaseEvent {
        event(.caseClosed(CaseClosed(reason: .monitoringComplete, approvedBy: "sup-0001")), at: time)
    }
}

extension Escalation {
    /// What changed, at which level and step, when (days and hours from
    /// day 0) and who is told: `renotified urgent#1 day 24+4h → supervisor, on-call`.
    var summary: String {
        let hours = Int((time.millisecondsSinceEpoch - PipelineFixture.start.millisecondsSinceEpoch) / 3_600_000)
        let when = "day \(hours / 24)" + (hours % 24 == 0 ? "" : "+\(hours % 24)h")
        return "\(status.rawValue) \(level.rawValue)#\(step) \(when) → " + notify.map(\.rawValue).joined(separator: ", ")
    }
}
