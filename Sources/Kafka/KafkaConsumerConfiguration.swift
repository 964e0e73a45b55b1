/// Settings of a ``KafkaConsumer``.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a partition without a committed offset starts.
    public enum OffsetReset: String, Sendable {
        /// The oldest record still kept.
        case earliest
        /// Only records produced after the consumer started.
        case latest
    }

    /// How a group spreads partitions over its members.
    public enum Assignor: String, Sendable {
        /// Partition *p* of co-partitioned topics lands on the same member.
        case range
        /// Round-robin over all partitions.
        case roundRobin = "roundrobin"
        /// Incremental (cooperative) rebalancing.
        case cooperativeSticky = "cooperative-sticky"
    }

    /// The shared client settings.
    public var client: KafkaClientConfiguration
    /// The consumer group; required for `subscribe`. Without one, manual
    /// `assign` uses a private group that nothing else joins
    /// (`standalone-consumer-` and a random number).
    public var groupID: String?
    /// Where a partition without a committed offset starts.
    public var offsetReset: OffsetReset
    /// The partition assignment strategy.
    public var assignor: Assignor
    /// How long the group waits for a silent member before rebalancing.
    public var sessionTimeout: Duration
    /// How often the member heartbeats.
    public var heartbeatInterval: Duration
    /// How often offsets marked processed are committed in the background;
    /// `nil` commits only on ``KafkaConsumer/commit()``, on revocation and on close.
    public var autoCommitInterval: Duration?
    /// The largest number of records handed to Swift at once.
    public var maxBatchSize: Int
    /// How many batches may wait for the application before fetching pauses.
    public var bufferedBatches: Int
    /// Records librdkafka keeps prefetched (`queued.min.messages`). Documented
    /// per partition, it is counted over the consumer's one queue that every
    /// partition feeds; fetching stops while it is reached and resumes only
    /// when librdkafka's broker thread next looks, up to a second later.
    public var prefetchRecords: Int
    /// Kilobytes librdkafka prefetches in total (`queued.max.messages.kbytes`).
    public var prefetchKilobytes: Int
    /// How long a fetch may wait on the broker for records
    /// (`fetch.wait.max.ms`); librdkafka's default (500 ms) when nil. A
    /// consumer setting only, so a producer on the same client settings
    /// does not warn about it.
    public var fetchWait: Duration?

    /// Creates consumer settings over `client`.
    public init(
        client: KafkaClientConfiguration,
        groupID: String? = nil,
        offsetReset: OffsetReset = .earliest,
        assignor: Assignor = .range,
        sessionTimeout: Duration = .seconds(45),
        heartbeatInterval: Duration = .seconds(3),
        autoCommitInterval: Duration? = .seconds(5),
        maxBatchSize: Int = 1_000,
        bufferedBatches: Int = 4,
        prefetchRecords: Int = 100_000,
        prefetchKilobytes: Int = 262_144
    ) {
        self.client = client
        self.groupID = groupID
        self.offsetReset = offsetReset
        self.assignor = assignor
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.autoCommitInterval = autoCommitInterval
        self.maxBatchSize = maxBatchSize
        self.bufferedBatches = bufferedBatches
        self.prefetchRecords = prefetchRecords
        self.prefetchKilobytes = prefetchKilobytes
        self.fetchWait = nil
    }

    /// The librdkafka properties the client is created with, in order (later wins).
    public var librdkafkaProperties: [(String, String)] {
        var result = client.librdkafkaProperties
        // librdkafka routes fetched records through the group's queue even for
        // manual assignment, so a consumer without a group gets a private one.
        result.append(("group.id", groupID ?? "standalone-consumer-\(UInt64.random(in: 0...UInt64.max))"))
        result += [
            ("auto.offset.reset", offsetReset.rawValue),
            ("partition.assignment.strategy", assignor.rawValue),
            ("session.timeout.ms", String(sessionTimeout.milliseconds)),
            ("heartbeat.interval.ms", String(heartbeatInterval.milliseconds)),
            ("enable.auto.offset.store", "false"),
            ("enable.auto.commit", autoCommitInterval == nil ? "false" : "true"),
            ("queued.min.messages", String(prefetchRecords)),
            ("queued.max.messages.kbytes", String(prefetchKilobytes)),
            ("enable.partition.eof", "false"),
        ]
        if let autoCommitInterval {
            result.append(("auto.commit.interval.ms", String(autoCommitInterval.milliseconds)))
        }
        if let fetchWait {
            result.append(("fetch.wait.max.ms", String(fetchWait.milliseconds)))
        }
        return result + client.properties.sorted { $0.key < $1.key }
    }
}
