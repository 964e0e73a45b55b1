import HomewardContract
import HomewardProcessing
import HomewardScheduling
import HomewardTestKit
import Testing

/// Two cases on one partition over half a year: a reunified case with a
/// risk level, a scheduled visit, a court order and signals, and a case in
/// preparation and contact.
enum RestartHistory {
    static let other: Identifier = "case-000002"
    static let events: [CaseEvent] = [
        opened(at: day(-60)),
        opened(at: day(-5), case: other),
        reunified(at: day(0)),
        stageChanged(to: .preparation, at: day(2), case: other),
        riskAssessed(.medium, at: day(3)),
        courtOrderIssued("order-000001-1", .ots, endsAt: day(150), at: day(4)),
        visitScheduled("visit-000001-001", dueAt: day(12), at: day(8)),
        visitCompleted(at: day(15)),
        riskSignal(severity: 2, at: day(30)),
        stageChanged(to: .contact, at: day(40), case: other),
        visitCompleted(at: day(45)),
        courtOrderEnded("order-000001-1", at: day(100)),
        visitCompleted(at: day(120)),
    ]
    static let end = day(200)
    static let inputTopic = RecordedPartition<SchedulerWorker>.inputTopic
}

@Suite("Restart: state and timers survive the worker stopping")
struct RestartTests {
    /// The worker stops during step `cut`: its reminders went out and its
    /// state writes reached the changelog, but not its checkpoint.
    @Test("a worker restored from its changelog at any point continues the plan: no reminder lost, a repeat carries the same id",
          arguments: RestartHistory.events.indices)
    func restoreMidPlan(cut: Int) throws {
        let worker = try ScheduleFixture.worker()
        var uninterruptedProcessor = PartitionProcessor(logic: worker, clock: .stream)
        let uninterrupted = try RecordedPartition<SchedulerWorker>.run(&uninterruptedProcessor, RestartHistory.events[...], until: RestartHistory.end)
        try #require(uninterrupted.outputs.count > 10)

        var (restored, resumeAt) = try uninterrupted.restore(worker, writesThrough: cut, checkpointed: cut)
        #expect(resumeAt == cut)
        let continued = try RecordedPartition<SchedulerWorker>.run(&restored, RestartHistory.events[resumeAt...], until: RestartHistory.end)

        let delivered = uninterrupted.outputsPerStep[...cut].flatMap { $0 } + continued.outputs
        #expect(Set(delivered) == Set(uninterrupted.outputs))
        #expect(Set(delivered.map(\.id)).count == Set(uninterrupted.outputs.map(\.id)).count)
        #expect(continued.outputs == Array(uninterrupted.outputsPerStep[cut...].joined()) + uninterrupted.outputsAtEnd)
    }

    @Test("a reminder that came due while the worker was down fires once after restore, with firedAt (wall clock)")
    func timerDueDuringDowntime() throws {
        let worker = try ScheduleFixture.worker()
        var running = PartitionProcessor(logic: worker, clock: .wall)
        var restorer = ChangelogRestorer<CaseSchedule>()
        for (offset, event) in openedAndReunified().enumerated() {
            let step = try running.process(event, wallNow: event.time.adding(minutes: 1))
            #expect(step.outputs.isEmpty)
            for write in step.changelog { try restorer.read(key: write.key, value: write.value) }
            try restorer.read(key: PartitionCheckpoint.key,
                              value: PartitionCheckpoint(nextOffsets: [RestartHistory.inputTopic: Int64(offset + 1)]).encoded())
        }
        // The worker stops after the reunification and is back on day 5 + 6 h; the due-soon reminder was due on day 5.
        _ = try restorer.finish()
        var restored = PartitionProcessor(logic: worker, clock: .wall, store: restorer.store)
        let afterRestart = try restored.advance(to: day(5, hours: 6)).outputs.map(decodedReminder)
        #expect(afterRestart.map(Sent.init) == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker], firedAt: day(5, hours: 6)),
        ])
        #expect(restored.advance(to: day(5, hours: 7)).outputs.isEmpty)
    }

    @Test("a reminder that fires no more than lateAfter after its moment carries no firedAt; later, it does",
          arguments: [false, true])
    func lateAfterTolerance(beyondTolerance: Bool) throws {
        let policy = try ScheduleFixture.policy()
        var processor = PartitionProcessor(logic: SchedulerWorker(policy: policy), clock: .wall)
        for event in openedAndReunified() { _ = try processor.process(event, wallNow: event.time) }
        let firing = day(5).adding(milliseconds: policy.lateAfter.milliseconds + (beyondTolerance ? 1_000 : 0))
        let reminders = try processor.advance(to: firing).outputs.map(decodedReminder)
        #expect(reminders.map(Sent.init) == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker], firedAt: beyondTolerance ? firing : nil),
        ])
    }
}
