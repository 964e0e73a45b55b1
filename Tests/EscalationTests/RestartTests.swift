import HomewardContract
import HomewardEscalation
import HomewardProcessing
import HomewardTestKit
import Testing

/// An emergency whose chain runs while more inputs arrive: evidence at
/// 45 minutes, an acknowledgement of another escalation at 75 minutes, a
/// minor signal at 100 minutes; the chain's steps fire between them.
enum RestartHistory {
    static let inputs: [EscalatorInput] = [
        opened(at: day(-60)),
        signal(severity: 4, at: day(0), id: "sig-1"),
        signal(severity: 1, at: day(0, minutes: 20), id: "sig-2"),
        signal(severity: 2, at: day(0, minutes: 45), id: "sig-3"),
        acknowledged("esc-some-other-escalation", at: day(0, minutes: 75)),
        signal(severity: 1, at: day(0, minutes: 100), id: "sig-4"),
    ]
    static let end = day(1)
    static let inputTopic = RecordedPartition<EscalatorWorker>.inputTopic
}

@Suite("Restart: the chain's timers are durable state")
struct RestartTests {
    @Test("the uninterrupted history sends every emergency step once, between the inputs")
    func uninterruptedRun() throws {
        var processor = PartitionProcessor(logic: try EscalationFixture.worker(), clock: .stream)
        let recorded = try RecordedPartition<EscalatorWorker>.run(&processor, RestartHistory.inputs[...], until: RestartHistory.end)
        #expect(try recorded.outputs.escalationEvents().map(Notice.init) == [
            Notice(.raised, .emergency, at: day(0), notify: Roles.emergency),
            Notice(.renotified, .emergency, step: 1, at: day(0, minutes: 30), notify: Roles.emergencyStep),
            Notice(.evidenceAdded, .emergency, step: 1, at: day(0, minutes: 45), notify: []),
            Notice(.renotified, .emergency, step: 2, at: day(0, minutes: 60), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 3, at: day(0, minutes: 90), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 4, at: day(0, minutes: 120), notify: Roles.emergencyStep),
        ])
    }

    /// The worker stops during step `cut`: its escalations went out and its
    /// state writes reached the changelog, but not its checkpoint.
    @Test("a worker restored from its changelog in the middle of an emergency chain loses no step and repeats none with a new id",
          arguments: RestartHistory.inputs.indices)
    func restoreMidChain(cut: Int) throws {
        let worker = try EscalationFixture.worker()
        var uninterruptedProcessor = PartitionProcessor(logic: worker, clock: .stream)
        let uninterrupted = try RecordedPartition<EscalatorWorker>.run(&uninterruptedProcessor, RestartHistory.inputs[...], until: RestartHistory.end)

        var (restored, resumeAt) = try uninterrupted.restore(worker, writesThrough: cut, checkpointed: cut)
        #expect(resumeAt == cut)
        let continued = try RecordedPartition<EscalatorWorker>.run(&restored, RestartHistory.inputs[resumeAt...], until: RestartHistory.end)

        let delivered = uninterrupted.outputsPerStep[...cut].flatMap { $0 } + continued.outputs
        #expect(Set(delivered) == Set(uninterrupted.outputs))
        // A repeat is the very same record: same id, same bytes.
        let byId = Dictionary(grouping: delivered, by: \.id)
        #expect(byId.values.allSatisfy { Set($0).count == 1 })
        #expect(byId.count == uninterrupted.outputs.count)
        #expect(continued.outputs == Array(uninterrupted.outputsPerStep[cut...].joined()) + uninterrupted.outputsAtEnd)
    }

    @Test("a worker restored after the last input fires the remaining steps from the restored timer")
    func restoreAfterLastInput() throws {
        let worker = try EscalationFixture.worker()
        var running = PartitionProcessor(logic: worker, clock: .stream)
        let before = try RecordedPartition<EscalatorWorker>.run(&running, RestartHistory.inputs[...], until: day(0, minutes: 100))
        let steps = before.changelogPerStep.count
        var (restored, _) = try before.restore(worker, writesThrough: steps - 1, checkpointed: steps)
        let after = try restored.advance(to: RestartHistory.end).outputs.escalationEvents()
        #expect(after.map(Notice.init) == [Notice(.renotified, .emergency, step: 4, at: day(0, minutes: 120), notify: Roles.emergencyStep)])
    }
}
