import HomewardContract
import HomewardEscalation
import HomewardProcessing
import HomewardScheduling
import Testing

/// What the scheduler and the escalator produced together from a history.
struct PipelineRun {
    var reminders: [Reminder]
    var escalationRecords: [OutputRecord]
    var escalations: [Escalation]
}

/// Replays the case events of `inputs` through the scheduler (shipped
/// `scheduler.yaml`) and the escalator (shipped `escalator.yaml`) together,
/// as `homeward replay` does, until `until`.
func pipeline(_ inputs: [EscalatorInput], until: Timestamp) throws -> PipelineRun {
    var replay = PipelineReplay(scheduler: SchedulerWorker(policy: try EscalationFixture.schedulePolicy()),
                                escalator: try EscalationFixture.worker(), partitions: 3)
    var reminders: [OutputRecord] = [], escalations: [OutputRecord] = []
    for event in inputs.compactMap(\.event) {
        let step = replay.feed(event)
        reminders += step.reminders
        escalations += step.escalations
    }
    let end = replay.finish(until: until)
    reminders += end.reminders
    escalations += end.escalations
    return PipelineRun(reminders: try reminders.map { record in
                           try record.value.withUnsafeBytes { bytes throws(EventRejection) in try Reminder(decoding: bytes) }
                       },
                       escalationRecords: escalations, escalations: try escalations.map(decodedEscalation))
}

@Suite("Pipeline: the scheduler's reminders feed the escalator")
struct PipelineTests {
    @Test("a reunified case with no visit completed: overdue reminders, a review from occurrence 2, urgent from occurrence 3")
    func overdueVisitsEscalate() throws {
        let run = try pipeline([opened(at: day(-60)), reunified(at: day(0))], until: day(26))
        let overdue = run.reminders.filter { $0.kind == .visitOverdue }
        #expect(overdue.map(\.occurrence) == [1, 2, 3])
        #expect(overdue.map(\.scheduledFor) == [day(10), day(17), day(24)])
        #expect(run.escalations.map(Notice.init) == [
            Notice(.raised, .review, at: day(17), notify: Roles.review),
            Notice(.levelRaised, .urgent, at: day(24), notify: Roles.urgent),
            Notice(.renotified, .urgent, step: 1, at: day(24, hours: 4), notify: Roles.urgentStep1),
            Notice(.renotified, .urgent, step: 2, at: day(24, hours: 12), notify: Roles.urgentStep2),
        ])
        #expect(Set(run.escalations.map(\.escalationId)).count == 1)
        #expect(run.escalations.allSatisfy { $0.reasons == [EscalationRule.visitOverdue] })
        #expect(run.escalations[0].evidence == [overdue[1].reminderId.rawValue])
        #expect(run.escalations[1].evidence == [overdue[1].reminderId.rawValue, overdue[2].reminderId.rawValue])
        #expect(run.escalations[0].respondBy == day(22))
        #expect(run.escalations[1].respondBy == day(25))
        #expect(run.escalations.allSatisfy { $0.contact.caseworkerId == EscalationFixture.caseworker })
    }

    @Test("a completed visit ends the overdue reminders before occurrence 2: no escalation")
    func visitInTime() throws {
        let run = try pipeline([opened(at: day(-60)), reunified(at: day(0)), visit(at: day(12))], until: day(20))
        #expect(run.reminders.filter { $0.kind == .visitOverdue }.map(\.occurrence) == [1])
        #expect(run.escalations.isEmpty)
    }

    @Test("no escalation ever says remove, removal or uithuisplaatsing: an escalation recommends, people decide")
    func neverSpeaksOfRemoval() throws {
        let history = [
            opened(at: day(-60)), reunified(at: day(0)), riskAssessed(.high, at: day(1)),
            courtOrderIssued("order-000001-1", .machtigingUithuisplaatsing, endsAt: day(200), at: day(2)),
            visit(at: day(6), seenAlone: false, concerns: [.placementBreakdown]), visit(at: day(13), seenAlone: false),
            signal(.physicalAbuse, severity: 3, at: day(20)), signal(.childWishesToLeave, severity: 4, at: day(30)),
            closed(at: day(90)), signal(.placementBreakdown, severity: 2, at: day(95)),
        ]
        let run = try pipeline(history, until: day(150))
        try #require(run.escalations.contains { $0.level == .emergency })
        for record in run.escalationRecords {
            let text = String(decoding: record.value, as: UTF8.self).lowercased()
            for word in ["remove", "removal", "uithuisplaatsing"] {
                #expect(!text.contains(word), "\(record.id) says \(word)")
            }
        }
    }
}
