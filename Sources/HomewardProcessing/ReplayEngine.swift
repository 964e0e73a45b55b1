public import HomewardContract

/// Runs a worker's rules over a history offline, with stream time, exactly
/// as the live worker would: each key is processed on the partition the
/// Kafka partitioner gives it, with that partition's stream time.
public struct ReplayEngine<Logic: WorkerLogic>: Sendable {
    private var processors: [PartitionProcessor<Logic>]

    /// Creates an engine for `partitions` partitions (the input topic's count).
    public init(logic: Logic, partitions: Int) {
        processors = (0..<max(1, partitions)).map { _ in PartitionProcessor(logic: logic, clock: .stream) }
    }

    /// Feeds one input; returns what the worker produced, in order.
    public mutating func feed(_ input: Logic.Input) -> [OutputRecord] {
        let partition = KafkaKeyPartitioner.partition(of: input.key, partitions: processors.count)
        do {
            return try processors[partition].process(input, wallNow: input.time).outputs
        } catch {
            // Every state here was encoded by this process a moment ago.
            preconditionFailure("replay state became unreadable: \(error)")
        }
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
