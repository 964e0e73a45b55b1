import HomewardContract
import HomewardEscalation
import HomewardProcessing
import Testing

/// A history that uses every rule, every status and both chains.
enum BusyHistory {
    static let inputs: [EscalatorInput] = [
        opened(at: day(-60)),
        signal(severity: 2, at: day(0)),
        visit(at: day(3), seenAlone: false),
        visit(at: day(10), seenAlone: false, concerns: [.familyConflict]),
        overdueReminder(occurrence: 2, at: day(12)),
        riskAssessed(.high, at: day(13)),
        overdueReminder(occurrence: 3, at: day(19)),
        signal(.childRanAway, severity: 1, at: day(20)),
        signal(.domesticViolence, severity: 3, at: day(21)),
        closed(at: day(40)),
        reopened(at: day(41)),
        signal(severity: 4, at: day(42)),
        signal(.placementBreakdown, severity: 2, at: day(43)),
        closed(at: day(80)),
        signal(severity: 1, at: day(81)),
        signal(.sexualAbuse, severity: 4, at: day(82)),
    ]

    /// The history with each escalation acknowledged 10 minutes after it is
    /// raised and resolved a day after that, so that every status occurs.
    static func withResponses() throws -> [EscalatorInput] {
        var inputs: [EscalatorInput] = []
        var engine = ReplayEngine(logic: try EscalationFixture.worker(), partitions: 1)
        for input in Self.inputs {
            inputs.append(input)
            for escalation in try engine.feed(input).escalationEvents() where escalation.status == .raised {
                let acknowledgement = acknowledged(escalation.escalationId, at: escalation.time.adding(minutes: 10))
                let resolution = resolved(escalation.escalationId, at: escalation.time.adding(days: 1))
                _ = engine.feed(acknowledgement)
                _ = engine.feed(resolution)
                inputs += [acknowledgement, resolution]
            }
        }
        return inputs
    }
}

@Suite("Output: escalation.v1 records")
struct OutputTests {
    @Test("every output decodes as escalation.v1 and its record carries the event's id, time and case")
    func everyOutputDecodes() throws {
        for history in [BusyHistory.inputs, try BusyHistory.withResponses()] {
            let run = try run(history, until: day(120))
            try #require(run.records.count > 10)
            for (record, escalation) in zip(run.records, run.escalations) {
                #expect(record.topicRole == EscalatorWorker.outputRole)
                #expect(record.id == escalation.eventId.rawValue)
                #expect(record.key == EscalationFixture.caseId.rawValue)
                #expect(record.time == escalation.time)
                #expect(escalation.caseId == EscalationFixture.caseId)
            }
        }
    }

    @Test("each escalation record is counted by its event's level and status")
    func countedByLevelAndStatus() throws {
        let run = try run(try BusyHistory.withResponses(), until: day(120))
        for (record, escalation) in zip(run.records, run.escalations) {
            #expect(record.metric == .escalation(level: escalation.level, status: escalation.status))
        }
    }

    @Test("the busy histories, with and without responses, use every status between them")
    func everyStatus() throws {
        let unanswered = try run(BusyHistory.inputs, until: day(120)).escalations
        let answered = try run(try BusyHistory.withResponses(), until: day(120)).escalations
        #expect(Set((unanswered + answered).map(\.status)) == Set(EscalationStatus.allCases))
    }

    @Test("the same history twice gives the same escalations with the same event ids")
    func deterministic() throws {
        let history = try BusyHistory.withResponses()
        let first = try run(history, until: day(120))
        let second = try run(history, until: day(120))
        #expect(first.records.map(\.id) == second.records.map(\.id))
        #expect(first.records == second.records)
    }

    @Test("no two escalation events share an event id")
    func idsUnique() throws {
        let records = try run(try BusyHistory.withResponses(), until: day(120)).records
        #expect(Set(records.map(\.id)).count == records.count)
    }

    @Test("no recommendation speaks of removing a child: an escalation recommends, people decide")
    func recommendationsDoNotSpeakOfRemoval() {
        for recommendation in EscalationRecommendation.allCases {
            let text = recommendation.rawValue.lowercased()
            #expect(!["remov", "uithuisplaatsing"].contains { text.contains($0) }, "\(text)")
        }
    }
}
