public import HomewardContract

/// Runs a worker's rules over a history offline, with stream time, exactly
/// as the live worker would: each key is processed on the partition the
/// Kafka partitioner gives it, with that partition's stream time.
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

    /// Feeds one input; returns what the worker produced, in order.
    public mutating func feed(_ input: Logic.Input) -> [OutputRecord] {
        let partition = KafkaKeyPartitioner.partition(of: input.key, partitions: processors.count)
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

    /// Advances every partition's stream time to `until` and returns what the
    /// timers due by then produced, partition by partition.
    public mutating func finish(until: Timestamp) -> [OutputRecord] {
        var outputs: [OutputRecord] = []
        for index in processors.indices { outputs += Logic.advance(&processors[index], to: until).outputs }
        return outputs
    }

    /// The number of keys with state, over all partitions.
    public var keyCount: Int { processors.reduce(0) { $0 + $1.store.keyCount } }
}
