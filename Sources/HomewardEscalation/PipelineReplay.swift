public import HomewardContract
public import HomewardProcessing

/// The scheduler and the escalator replayed together, offline, with stream
/// time: the escalator sees the case events and the scheduler's reminders
/// merged per partition as the live escalator takes them — by time, a case
/// event before a reminder of the same time, a reminder waiting until a case
/// event later than it comes (or the replay ends).
public struct PipelineReplay<Scheduler: WorkerLogic>: Sendable where Scheduler.Input == CaseEvent {
    private var scheduler: ReplayEngine<Scheduler>
    private var escalator: ReplayEngine<EscalatorWorker>
    private var waiting: [[Reminder]]
    private let partitions: Int

    /// Creates the replay for `partitions` partitions of case-events.
    public init(scheduler: Scheduler, escalator: EscalatorWorker, partitions: Int) {
        self.partitions = max(1, partitions)
        self.scheduler = ReplayEngine(logic: scheduler, partitions: partitions)
        self.escalator = ReplayEngine(logic: escalator, partitions: partitions)
        waiting = Array(repeating: [], count: max(1, partitions))
    }

    /// Feeds one case event; returns the scheduler's outputs, then the escalator's.
    public mutating func feed(_ event: CaseEvent) -> (reminders: [OutputRecord], escalations: [OutputRecord]) {
        let reminders = scheduler.feed(event)
        let partition = KafkaKeyPartitioner.partition(of: event.key, partitions: partitions)
        waiting[partition] += reminders.compactMap(Self.reminder)
        var escalations: [OutputRecord] = []
        while let first = waiting[partition].first, first.scheduledFor < event.time {
            waiting[partition].removeFirst()
            escalations += escalator.feed(.reminder(first))
        }
        escalations += escalator.feed(.caseEvent(event))
        return (reminders, escalations)
    }

    /// Ends the replay at `until`: the scheduler's timers due by then fire,
    /// every waiting reminder goes to the escalator, then its timers fire.
    public mutating func finish(until: Timestamp) -> (reminders: [OutputRecord], escalations: [OutputRecord]) {
        var reminders: [OutputRecord] = []
        scheduler.finish(until: until) { reminders.append($0) }
        for record in reminders {
            guard let reminder = Self.reminder(record) else { continue }
            waiting[KafkaKeyPartitioner.partition(of: reminder.caseId.rawValue, partitions: partitions)].append(reminder)
        }
        var escalations: [OutputRecord] = []
        for partition in waiting.indices {
            for reminder in waiting[partition] { escalations += escalator.feed(.reminder(reminder)) }
            waiting[partition] = []
        }
        escalator.finish(until: until) { escalations.append($0) }
        return (reminders, escalations)
    }

    private static func reminder(_ record: OutputRecord) -> Reminder? {
        record.value.withUnsafeBytes { try? Reminder(decoding: $0) }
    }
}
