public import HomewardContract

/// Runs a worker's rules over a history offline, with stream time, exactly
/// as the live worker would: each key is processed on the partition the
/// Kafka partitioner gives it, with that partition's stream time.
///
/// Outputs stream out as they fire. The end of a replay (`--until` far past
/// the last event) fires every timer due by then, which can be many more
/// outputs than the replay holds cases: `finish` advances each partition one
/// instant at a time (to the time its earliest timer is due) and hands the
/// outputs of that instant to a sink before the next, so a replay holds its
/// cases' state and one instant's outputs, never a run's. Advancing in steps
/// fires the same timers in the same order as one advance would: the timer
/// index is ordered by due time, then key, and each step starts where the
/// last one stopped.
public struct ReplayEngine<Logic: WorkerLogic>: Sendable {
    private var processors: [PartitionProcessor<Logic>]
    private let decodedKeysLimit: Int

    /// Creates an engine for `partitions` partitions (the input topic's count).
    /// Replay writes no changelog, so a partition keeps the keys it changed
    /// decoded, up to `decodedKeysLimit`, and encodes them only then: faster,
    /// for memory that grows with the keys held (bounded by the limit times
    /// the partitions). The outputs do not depend on the limit.
    public init(logic: Logic, partitions: Int, decodedKeysLimit: Int = 20_000) {
        processors = (0..<max(1, partitions)).map { _ in PartitionProcessor(logic: logic, clock: .stream) }
        self.decodedKeysLimit = max(1, decodedKeysLimit)
    }

    /// The number of partitions.
    public var partitions: Int { processors.count }

    /// The partition `key` is processed on.
    public func partition(of key: String) -> Int {
        KafkaKeyPartitioner.partition(of: key, partitions: processors.count)
    }

    /// Feeds one input; returns what the worker produced, in order.
    public mutating func feed(_ input: Logic.Input) -> [OutputRecord] {
        let partition = partition(of: input.key)
        var result = StepResult()
        do {
            try Logic.process(&processors[partition], input, wallNow: input.time, into: &result)
        } catch {
            // Every state here was encoded by this process a moment ago.
            preconditionFailure("replay state became unreadable: \(error)")
        }
        if processors[partition].changedKeyCount >= decodedKeysLimit {
            var encoded = StepResult()  // the changelog writes: replay has no changelog
            Logic.takeStateWrites(&processors[partition], into: &encoded)
        }
        return result.outputs
    }

    /// Advances every partition's stream time to `until`, partition by
    /// partition, handing `sink` each output of the timers due by then as
    /// they fire, in order.
    public mutating func finish(until: Timestamp, into sink: (OutputRecord) -> Void) {
        for partition in processors.indices { finish(partition: partition, until: until, into: sink) }
    }

    /// Advances one partition's stream time to `until`, handing `sink` each
    /// output of its timers due by then as they fire, in order.
    public mutating func finish(partition: Int, until: Timestamp, into sink: (OutputRecord) -> Void) {
        Self.advance(&processors[partition], to: until, into: sink)
    }

    /// Hands `sink` exactly what ``finish(until:into:)`` would, in the same
    /// order, and leaves the engine as it is: each partition is advanced on
    /// a copy of its own, dropped before the next (so it costs one
    /// partition's state at a time).
    public func previewFinish(until: Timestamp, into sink: (OutputRecord) -> Void) {
        for processor in processors {
            var copy = processor
            Self.advance(&copy, to: until, into: sink)
        }
    }

    /// The number of keys with state, over all partitions.
    public var keyCount: Int { processors.reduce(0) { $0 + $1.store.keyCount } }

    /// Fires `processor`'s timers due by `until`, one instant at a time.
    private static func advance(_ processor: inout PartitionProcessor<Logic>, to until: Timestamp,
                                into sink: (OutputRecord) -> Void) {
        while let instant = processor.earliestTimerEntry, instant <= until {
            for output in Logic.advance(&processor, to: instant).outputs { sink(output) }
        }
        // Nothing is due by `until` now: this moves stream time there.
        _ = Logic.advance(&processor, to: until)
    }
}

extension PartitionProcessor {
    /// When the earliest entry of the timer index is due. It may be stale
    /// (its key's timers changed since): advancing to it then fires nothing
    /// but drops the entry.
    fileprivate var earliestTimerEntry: Timestamp? { partitionStore.timers.first?.due }
}
