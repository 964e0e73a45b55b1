public import HomewardContract
public import HomewardProcessing

/// A worker with several inputs replayed offline: on each partition its
/// inputs are merged by the one merge rule, ``TimeOrderedMerge``, as the
/// live worker merges them, and fed to the worker's rules in that order.
///
/// Replay's inputs are the history (`case-events`) and what earlier stages
/// produced from it. The earlier stages run in step with the history, so
/// their inputs are always caught up and never waited for; `case-events`
/// is waited for until the history ends (``endHistory()``). So a reminder
/// waits on its partition for a case event later than it, as the live
/// escalator's reminders do, and goes when the history ends if none comes.
public struct MergedReplay<Logic: WorkerLogic>: Sendable {
    private var engine: ReplayEngine<Logic>
    private var merges: [TimeOrderedMerge<Logic.Input>]
    private let roles: [TopicRole]
    /// The number of the `case-events` input, if the worker reads it.
    private let historyInput: Int?
    private var historyEnded = false

    /// Creates the replay of `logic` over `partitions` partitions of its
    /// (co-partitioned) inputs.
    public init(logic: Logic, partitions: Int) {
        engine = ReplayEngine(logic: logic, partitions: partitions)
        roles = logic.inputRoles
        historyInput = logic.inputRoles.firstIndex(of: .caseEvents)
        merges = Array(repeating: TimeOrderedMerge(inputs: logic.inputRoles.count), count: engine.partitions)
    }

    /// Takes `input`, read from the topic of `role`, on its partition, and
    /// feeds the worker every input of that partition whose turn has come;
    /// hands `sink` the outputs, in order.
    ///
    /// Inputs that an earlier stage produced from a case event are taken
    /// before that event: the merge puts them in time order.
    public mutating func take(_ input: Logic.Input, from role: TopicRole, into sink: (OutputRecord) -> Void) {
        guard let index = roles.firstIndex(of: role) else {
            preconditionFailure("\(Logic.self) reads \(roles), not \(role)")
        }
        let partition = engine.partition(of: input.key)
        merges[partition].add(input, input: index, time: input.time)
        release(partition: partition, into: sink)
    }

    /// Takes an earlier stage's output as the worker's input from the topic
    /// it was written to (see ``take(_:from:into:)``). An output of a topic
    /// the worker does not read is not for it, and is left; one that does
    /// not decode is dropped, as the live worker dead-letters it.
    public mutating func take(_ record: OutputRecord, into sink: (OutputRecord) -> Void) {
        guard roles.contains(record.topicRole),
              case .success(let input) = record.value.withUnsafeBytes({ Logic.Input.decode($0, topicRole: record.topicRole) })
        else { return }
        take(input, from: record.topicRole, into: sink)
    }

    /// Ends the history: from now on no input waits for case events.
    /// What waits still goes with ``release(partition:into:)`` or ``finish(until:into:)``.
    public mutating func endHistory() { historyEnded = true }

    /// Feeds the worker every input of `partition` whose turn has come (all
    /// of them, once the history has ended); hands `sink` the outputs, in order.
    public mutating func release(partition: Int, into sink: (OutputRecord) -> Void) {
        let waitedFor = historyEnded ? nil : historyInput
        merges[partition].release(waitFor: { $0 == waitedFor }) { input in
            engine.feed(input).forEach(sink)
        }
    }

    /// Ends the history, feeds the worker every input still waiting,
    /// partition by partition, then advances every partition's stream time
    /// to `until`; hands `sink` the outputs as they come, in order.
    public mutating func finish(until: Timestamp, into sink: (OutputRecord) -> Void) {
        endHistory()
        for partition in merges.indices { release(partition: partition, into: sink) }
        engine.finish(until: until, into: sink)
    }
}
