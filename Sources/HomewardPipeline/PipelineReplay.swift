public import HomewardContract
public import HomewardEscalation
public import HomewardNotification
public import HomewardProcessing
public import HomewardScheduling

/// The scheduler and the escalator replayed together, offline, with stream
/// time: the escalator takes the case events and the scheduler's reminders
/// merged per partition by the rule the live escalator merges them with
/// (``TimeOrderedMerge``, through ``MergedReplay``). Each stage's outputs
/// are the next one's input, so a later stage (the notifier, taking the
/// escalator's escalations) joins the same way.
///
/// The order of the outputs is `homeward replay`'s, and fixed: for each
/// event, its reminders, then the escalations it led to. At the end
/// (``finish(until:into:)``), every reminder due by then, partition by
/// partition; then, partition by partition, the escalations from the
/// reminders that waited and from those new reminders; then the
/// escalator's own timers. So that the reminders can be written out before
/// the escalations without being held, the scheduler's end is run twice:
/// once on a copy, a partition at a time, for the reminders to be written
/// (only when they are asked for), and once for the escalator to take them.
/// That costs the scheduler's end twice in time and one partition's state
/// in memory, and no memory for the outputs however many there are.
///
/// With a notifier (``NotifierReplay``), every reminder and escalation also
/// goes to it as it comes, and the e-mails it sends go to the e-mail sink.
public struct PipelineReplay: Sendable {
    private var scheduler: ReplayEngine<SchedulerWorker>
    private var escalator: MergedReplay<EscalatorWorker>
    private var notifier: NotifierReplay?
    private let stages: Set<PipelineStage>

    /// Creates the replay for `partitions` partitions of case-events; the
    /// sink is handed the outputs of `stages` only; `notifier`, if given,
    /// takes every reminder and escalation.
    public init(scheduler: SchedulerWorker, escalator: EscalatorWorker, partitions: Int,
                emitting stages: Set<PipelineStage> = Set(PipelineStage.allCases), notifier: NotifierReplay? = nil) {
        self.scheduler = ReplayEngine(logic: scheduler, partitions: partitions)
        self.escalator = MergedReplay(logic: escalator, partitions: partitions)
        self.notifier = notifier
        self.stages = stages
    }

    /// Feeds one case event; hands `sink` the scheduler's outputs, then the
    /// escalator's, each with the stage it came from.
    public mutating func feed(_ event: CaseEvent, into sink: (PipelineStage, OutputRecord) -> Void,
                              emails: (OutgoingEmail) -> Void = { _ in }) {
        let emitsEscalations = stages.contains(.escalator)
        var escalations: [OutputRecord] = []
        func escalation(_ record: OutputRecord) {
            if emitsEscalations { sink(.escalator, record) }
            if notifier != nil { escalations.append(record) }
        }
        let reminders = scheduler.feed(event)
        if stages.contains(.scheduler) { for reminder in reminders { sink(.scheduler, reminder) } }
        for reminder in reminders { escalator.take(reminder, into: escalation) }
        escalator.take(.caseEvent(event), from: .caseEvents, into: escalation)
        for record in reminders + escalations { notifier?.take(record, into: emails) }
    }

    /// Ends the replay at `until`, once, after the last event: the
    /// scheduler's timers due by then fire, every reminder goes to the
    /// escalator, then its timers fire. Hands `sink` the outputs as they
    /// come, in the order the type's overview gives.
    public mutating func finish(until: Timestamp, into sink: (PipelineStage, OutputRecord) -> Void,
                                emails: (OutgoingEmail) -> Void = { _ in }) {
        let emitsEscalations = stages.contains(.escalator)
        var notifier = self.notifier
        self.notifier = nil
        func escalation(_ record: OutputRecord) {
            if emitsEscalations { sink(.escalator, record) }
            notifier?.take(record, into: emails)
        }
        if stages.contains(.scheduler) { scheduler.previewFinish(until: until) { sink(.scheduler, $0) } }
        escalator.endHistory()
        for partition in 0..<scheduler.partitions {
            scheduler.finish(partition: partition, until: until) { reminder in
                notifier?.take(reminder, into: emails)
                escalator.take(reminder, into: escalation)
            }
            escalator.release(partition: partition, into: escalation)
        }
        escalator.finish(until: until, into: escalation)
        notifier?.finish(until: until, into: emails)
        self.notifier = notifier
    }
}
