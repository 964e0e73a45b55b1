import HomewardContract
import HomewardSimulation
import Testing

@Suite("The course of a case")
struct CourseTests {
    let day: Int64 = 86_400_000

    /// The stage after each event of a case (`reunified` from a case.reunified event too).
    func stages(_ events: [CaseEvent]) -> [CaseStage?] {
        var stage: CaseStage?
        return events.map { event in
            switch event.payload {
            case .caseStageChanged(let change): stage = change.stage
            case .caseReunified: stage = .reunified
            case .caseClosed: stage = .closed
            default: break
            }
            return stage
        }
    }

    @Test("a case opens, then goes through tracing-assessment, preparation and contact, weeks apart")
    func firstStages() {
        for (_, events) in SimulatedRuns.standardByCase {
            #expect(events.first?.type == .caseOpened)
            let changes = events.compactMap { event -> (CaseStage, Timestamp)? in
                if case .caseStageChanged(let change) = event.payload { (change.stage, event.time) } else { nil }
            }
            guard changes.count >= 3 else { continue }
            #expect(changes.prefix(3).map(\.0) == [.tracingAssessment, .preparation, .contact])
            #expect(changes[1].1.millisecondsSinceEpoch - changes[0].1.millisecondsSinceEpoch >= 20 * day)
            #expect(changes[2].1.millisecondsSinceEpoch - changes[1].1.millisecondsSinceEpoch >= 20 * day)
        }
    }

    @Test("visits are scheduled only while the child is home")
    func visitsOnlyInAftercare() {
        for (_, events) in SimulatedRuns.standardByCase {
            for (event, stage) in zip(events, stages(events)) where event.type == .visitScheduled {
                #expect(stage == .reunified, "\(event.id)")
            }
        }
    }

    @Test("visits taper: weekly for eight weeks after the return home, fortnightly to about thirteen weeks, then monthly")
    func taperingVisits() {
        var weekly: [Int64] = [], fortnightly: [Int64] = [], monthly: [Int64] = []
        for (_, events) in SimulatedRuns.standardByCase {
            let stages = stages(events)
            guard let home = stages.firstIndex(of: .reunified) else { continue }
            let homeAt = events[home].time.millisecondsSinceEpoch
            let end = stages[home...].firstIndex { $0 != .reunified } ?? events.endIndex
            let aftercare = events[home..<end]
            let dueDays = aftercare.compactMap { event -> Int64? in
                if case .visitScheduled(let visit) = event.payload { (visit.dueAt.millisecondsSinceEpoch - homeAt) / day } else { nil }
            }
            if let first = dueDays.first { #expect((6...10).contains(first)) }
            for (earlier, later) in zip(dueDays, dueDays.dropFirst()) {
                switch later {
                case ...56: weekly.append(later - earlier)
                case 64...88: fortnightly.append(later - earlier)
                case 100...: monthly.append(later - earlier)
                default: break
                }
            }
        }
        let median = { (gaps: [Int64]) in gaps.sorted()[gaps.count / 2] }
        #expect((6...8).contains(median(weekly)), "\(median(weekly))")
        #expect((13...15).contains(median(fortnightly)), "\(median(fortnightly))")
        #expect((27...32).contains(median(monthly)), "\(median(monthly))")
    }

    @Test("severe signals are acknowledged within hours, by escalation ids of the case")
    func escalationsFollowSevereSignals() {
        var severe = 0, acknowledged = 0
        for (subject, events) in SimulatedRuns.standardByCase {
            let signalTimes = events.compactMap { event -> (Int64, Int)? in
                if case .riskSignalReported(let signal) = event.payload { (event.time.millisecondsSinceEpoch, signal.severity.value) } else { nil }
            }
            let acknowledgements = events.compactMap { event -> Int64? in
                guard case .escalationAcknowledged(let ack) = event.payload else { return nil }
                #expect(ack.escalationId.rawValue.hasPrefix("esc-\(subject.rawValue)-"))
                return event.time.millisecondsSinceEpoch
            }
            for acknowledgement in acknowledgements {
                #expect(signalTimes.contains { acknowledgement > $0.0 && acknowledgement - $0.0 <= 8 * 3_600_000 && $0.1 >= 2 })
            }
            for (time, severity) in signalTimes where severity >= 3 {
                severe += 1
                if acknowledgements.contains(where: { $0 > time && $0 - time <= 8 * 3_600_000 }) { acknowledged += 1 }
            }
        }
        #expect(severe > 100)
        #expect(Double(acknowledged) / Double(severe) > 0.85)
    }

    @Test("escalations are resolved after they are acknowledged, days later")
    func resolutionsFollowAcknowledgements() {
        for (_, events) in SimulatedRuns.standardByCase {
            var acknowledgedAt: [Identifier: Timestamp] = [:]
            for event in events {
                switch event.payload {
                case .escalationAcknowledged(let ack): acknowledgedAt[ack.escalationId] = event.time
                case .escalationResolved(let resolved):
                    let acknowledged = acknowledgedAt[resolved.escalationId]
                    #expect(acknowledged != nil && acknowledged! < event.time, "\(resolved.escalationId)")
                default: break
                }
            }
        }
    }

    @Test("a breakdown is reported as a placement-breakdown signal before the child leaves home again")
    func breakdownsAreSignalled() {
        var breakdowns = 0
        for (_, events) in SimulatedRuns.standardByCase {
            let stages = stages(events)
            guard let home = stages.firstIndex(of: .reunified),
                  let out = stages.indices.first(where: { $0 > home && stages[$0] == .alternativeCare }) else { continue }
            breakdowns += 1
            let signalled = events[home..<out].contains { event in
                if case .riskSignalReported(let signal) = event.payload { signal.category == .placementBreakdown && signal.severity.value >= 3 } else { false }
            }
            #expect(signalled, "\(events[out].subject)")
        }
        #expect(breakdowns > 50)
    }

    @Test("aftercare closes only after a quiet year, with a supervisor's approval; a few closed cases reopen")
    func closureAndReopening() {
        var closures = 0, reopenings = 0
        for (_, events) in SimulatedRuns.standardByCase {
            var homeSince: Int64?
            var lastSevere: Int64?
            var closed = false
            for event in events {
                let time = event.time.millisecondsSinceEpoch
                switch event.payload {
                case .caseStageChanged(let change) where change.stage == .reunified: homeSince = homeSince ?? time
                case .caseReunified: homeSince = homeSince ?? time
                case .riskSignalReported(let signal) where signal.severity.value >= 3 && !closed: lastSevere = time
                case .caseClosed(let closure):
                    closed = true
                    #expect(closure.approvedBy.rawValue.hasPrefix("sup-"))
                    guard closure.reason != .permanentPlacement, let since = homeSince else { continue }
                    closures += 1
                    #expect(time - since >= 365 * day)
                    #expect(time - (lastSevere ?? since) >= 365 * day)
                case .caseReopened:
                    #expect(closed)
                    closed = false
                    reopenings += 1
                    homeSince = nil
                default: break
                }
            }
        }
        #expect(closures > 50)
        #expect(reopenings >= 1 && reopenings < closures / 4)
    }

    @Test("what an event reports has happened by the event's time; a visit is due after it is scheduled")
    func causality() {
        for event in SimulatedRuns.standard {
            let reported: Timestamp?
            switch event.payload {
            case .caseOpened(let opened): reported = opened.placement.since
            case .caseStageChanged(let change): reported = change.effectiveAt
            case .caseReunified(let reunified): reported = reunified.reunifiedAt
            case .riskLevelAssessed(let assessment): reported = assessment.assessedAt
            case .visitCompleted(let visit): reported = visit.completedAt
            case .visitMissed(let visit): reported = visit.missedAt
            case .riskSignalReported(let signal): reported = signal.observedAt
            case .courtOrderEnded(let order): reported = order.endedAt
            case .escalationAcknowledged(let ack): reported = ack.acknowledgedAt
            case .escalationResolved(let resolution): reported = resolution.resolvedAt
            case .visitScheduled(let visit):
                #expect(visit.dueAt > event.time, "\(event.id)")
                reported = nil
            default: reported = nil
            }
            if let reported { #expect(reported <= event.time, "\(event.id)") }
        }
    }

    @Test("a closed case stays quiet until it is reopened, apart from its orders ending, open escalations and the concern that reopens it")
    func closedCasesStayQuiet() {
        let allowed: Set<CaseEventType> = [.caseStageChanged, .escalationAcknowledged, .escalationResolved, .riskSignalReported, .caseReopened]
        var noisy: [String] = []
        for (_, events) in SimulatedRuns.standardByCase {
            var closedAt: Timestamp?
            for event in events {
                if let closedAt, !allowed.contains(event.type), !(event.type == .courtOrderEnded && event.time == closedAt) {
                    noisy.append("\(event.id) \(event.type)")
                }
                if event.type == .caseClosed { closedAt = event.time }
                if event.type == .caseReopened { closedAt = nil }
            }
        }
        #expect(noisy.isEmpty, "\(noisy.prefix(5))")
    }
}
