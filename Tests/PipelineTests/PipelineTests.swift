import HomewardContract
import HomewardEscalation
import HomewardPipeline
import HomewardProcessing
import HomewardScheduling
import HomewardSimulation
import Testing

@Suite("Pipeline: the scheduler's reminders feed the escalator")
struct PipelineTests {
    let child = PipelineFixture.child

    @Test("a reunified case with no visit completed: overdue reminders, a review from occurrence 2, urgent from occurrence 3")
    func overdueVisitsEscalate() throws {
        let run = try replay([child.opened(at: day(-60)), child.reunified(at: day(0))], until: day(26))
        let overdue = try run.reminders().filter { $0.kind == .visitOverdue }
        let escalations = try run.escalations()
        #expect(overdue.map(\.occurrence) == [1, 2, 3])
        #expect(overdue.map(\.scheduledFor) == [day(10), day(17), day(24)])
        #expect(escalations.map(\.summary) == [
            "raised review#0 day 17 → caseworker",
            "level-raised urgent#0 day 24 → caseworker, supervisor",
            "renotified urgent#1 day 24+4h → supervisor, on-call",
            "renotified urgent#2 day 24+12h → manager, on-call",
        ])
        #expect(Set(escalations.map(\.escalationId)).count == 1)
        #expect(escalations.allSatisfy { $0.reasons == [EscalationRule.visitOverdue] })
        #expect(escalations[0].evidence == [overdue[1].reminderId.rawValue])
        #expect(escalations[1].evidence == [overdue[1].reminderId.rawValue, overdue[2].reminderId.rawValue])
        #expect(escalations[0].respondBy == day(22))
        #expect(escalations[1].respondBy == day(25))
        #expect(escalations.allSatisfy { $0.contact.caseworkerId == child.caseworker })
    }

    @Test("a completed visit ends the overdue reminders before occurrence 2: no escalation")
    func visitInTime() throws {
        let run = try replay([child.opened(at: day(-60)), child.reunified(at: day(0)), child.visited(at: day(12))], until: day(20))
        #expect(try run.reminders().filter { $0.kind == .visitOverdue }.map(\.occurrence) == [1])
        #expect(try run.escalations().isEmpty)
    }

    @Test("no escalation ever says remove, removal or uithuisplaatsing: an escalation recommends, people decide")
    func neverSpeaksOfRemoval() throws {
        let history = [
            child.opened(at: day(-60)), child.reunified(at: day(0)), child.assessed(.high, at: day(1)),
            child.ordered(.machtigingUithuisplaatsing, id: "order-000001-1", until: day(200), at: day(2)),
            child.visited(at: day(6), seenAlone: false, concerns: [.placementBreakdown]), child.visited(at: day(13), seenAlone: false),
            child.reported(.physicalAbuse, severity: 3, at: day(20)), child.reported(.childWishesToLeave, severity: 4, at: day(30)),
            child.closed(at: day(90)), child.reported(.placementBreakdown, severity: 2, at: day(95)),
        ]
        let run = try replay(history, until: day(150))
        try #require(try run.escalations().contains { $0.level == .emergency })
        for record in run.records(of: .escalator) {
            let text = String(decoding: record.value, as: UTF8.self).lowercased()
            for word in ["remove", "removal", "uithuisplaatsing"] {
                #expect(!text.contains(word), "\(record.id) says \(word)")
            }
        }
    }

    @Test("an overdue reminder that comes due while the history goes on reaches the escalator before the later event that releases it")
    func reminderBeforeTheEventThatReleasesIt() throws {
        // Occurrence 2 (day 17) waits for a later case event; the signal on day 18 releases it first.
        let run = try replay([child.opened(at: day(-60)), child.reunified(at: day(0)),
                              child.reported(.neglect, severity: 1, at: day(18))], until: nil)
        let secondOverdue = try #require(try run.reminders().first { $0.kind == .visitOverdue && $0.occurrence == 2 })
        let escalations = try run.escalations()
        #expect(escalations.first?.summary == "raised review#0 day 17 → caseworker")
        #expect(escalations.first?.evidence == [secondOverdue.reminderId.rawValue])
    }

    @Test("a reminder still waiting when the history ends reaches the escalator at the end")
    func waitingReminderGoesAtTheEnd() throws {
        let history = [child.opened(at: day(-60)), child.reunified(at: day(0)), child.reported(.neglect, severity: 1, at: day(17))]
        #expect(try replay(history, until: nil).escalations().isEmpty)
        // The reminder of day 17 ties with the signal: it goes after it, and nothing later comes until the end.
        let ended = try replay(history, until: day(17))
        #expect(try ended.escalations().map(\.summary) == ["raised review#0 day 17 → caseworker"])
        #expect(ended.fedCount < ended.outputs.count)
    }

    @Test("at the end, every reminder is written before any escalation, and the reminders are the scheduler's own")
    func endWritesRemindersFirst() throws {
        let events = simulatedHistory()
        let until = try #require(events.last).time.adding(days: 120)
        let run = try replay(events, until: until, partitions: 4)
        let atEnd = run.outputs[run.fedCount...].map(\.stage)
        let firstEscalation = try #require(atEnd.firstIndex(of: .escalator))
        #expect(firstEscalation > 0)
        #expect(!atEnd[firstEscalation...].contains(.scheduler))

        var scheduler = ReplayEngine(logic: try PipelineFixture.scheduler(), partitions: 4)
        var alone: [OutputRecord] = []
        for event in events { alone += scheduler.feed(event) }
        scheduler.finish(until: until) { alone.append($0) }
        #expect(run.records(of: .scheduler) == alone)
    }

    @Test("the escalator sees, on each partition, the case events and the reminders merged by time, case events first at equal times")
    func escalatorSeesTheMergedStreams() throws {
        let events = simulatedHistory(), partitions = 4
        let until = try #require(events.last).time.adding(days: 120)
        let run = try replay(events, until: until, partitions: partitions)
        let reminders = try run.reminders()
        try #require(!reminders.isEmpty)

        // The merge of the complete streams, partition by partition, fed to the escalator alone.
        var escalator = ReplayEngine(logic: try PipelineFixture.escalator(), partitions: partitions)
        var expected: [OutputRecord] = []
        for partition in 0..<partitions {
            var pendingEvents = events.filter { escalator.partition(of: $0.key) == partition }[...]
            var pendingReminders = reminders.filter { escalator.partition(of: $0.caseId.rawValue) == partition }[...]
            while !pendingEvents.isEmpty || !pendingReminders.isEmpty {
                let input: EscalatorInput
                if let reminder = pendingReminders.first, pendingEvents.first.map({ reminder.scheduledFor < $0.time }) ?? true {
                    input = .reminder(pendingReminders.removeFirst())
                } else {
                    input = .caseEvent(pendingEvents.removeFirst())
                }
                expected += escalator.feed(input)
            }
        }
        escalator.finish(until: until) { expected.append($0) }

        let produced = run.records(of: .escalator)
        try #require(try run.escalations().contains { $0.reasons.contains(EscalationRule.visitOverdue) })
        for partition in 0..<partitions {
            #expect(produced.filter { escalator.partition(of: $0.key) == partition }
                == expected.filter { escalator.partition(of: $0.key) == partition })
        }
    }

    @Test("asking for the escalations only gives the same escalations, and no reminders")
    func escalationsOnly() throws {
        let events = simulatedHistory()
        let until = try #require(events.last).time.adding(days: 120)
        let both = try replay(events, until: until, partitions: 4)
        let escalationsOnly = try replay(events, until: until, partitions: 4, emitting: [.escalator])
        #expect(escalationsOnly.records(of: .scheduler).isEmpty)
        #expect(!both.records(of: .escalator).isEmpty)
        #expect(escalationsOnly.records(of: .escalator) == both.records(of: .escalator))
    }

    /// A simulated history (60 cases over 9 months, their visits made in
    /// time) with eight more cases whose visits never happen, so that the
    /// escalator escalates reminders; in time order.
    func simulatedHistory() -> [CaseEvent] {
        let unvisited = (0..<8).flatMap { n in
            let neglected = SpecifiedCase(id: Identifier(trusted: "case-9\(n)"), caseworker: "cw-0009")
            return [neglected.opened(at: day(-30 + n)), neglected.reunified(at: day(n, hours: n))]
        }
        let simulated = CaseHistorySimulator(settings: SimulationSettings(cases: 60, months: 9, seed: 11)).events()
        return (simulated + unvisited).enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
