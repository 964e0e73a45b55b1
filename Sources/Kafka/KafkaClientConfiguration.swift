/// Settings every Kafka client shares: where the brokers are, who the client
/// is, and any librdkafka property passed through unchanged.
///
/// Typed settings cover what Homeward relies on; `properties` takes any other
/// librdkafka property (`security.protocol`, `sasl.mechanisms`,
/// `ssl.ca.location`, …) and wins over the typed settings. An unknown or
/// invalid property is rejected when the client is created, with librdkafka's
/// message and the property's name.
public struct KafkaClientConfiguration: Sendable {
    /// `host:port` of one or more brokers to bootstrap from.
    public var bootstrapServers: [String]
    /// The `client.id` reported to brokers (shows in broker logs and quotas).
    public var clientID: String
    /// librdkafka's `debug` contexts (e.g. `["cgrp", "topic"]`), logged at debug level.
    public var debugContexts: [String]
    /// Raw librdkafka properties, applied after the typed settings.
    public var properties: [String: String]

    /// Creates a configuration for the given brokers.
    public init(
        bootstrapServers: [String],
        clientID: String = "homeward",
        debugContexts: [String] = [],
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.debugContexts = debugContexts
        self.properties = properties
    }

    /// Creates a configuration from a comma-separated broker list (`a:9092,b:9092`).
    public init(brokers: String, clientID: String = "homeward") {
        self.init(
            bootstrapServers: brokers.split(separator: ",").map { String($0).trimmingWhitespace() },
            clientID: clientID
        )
    }

    /// The librdkafka properties the client is created with, in order (later wins).
    public var librdkafkaProperties: [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
        ]
        if !debugContexts.isEmpty {
            result.append(("debug", debugContexts.joined(separator: ",")))
        }
        return result
    }
}

/// Settings of a ``KafkaProducer``.
public struct KafkaProducerConfiguration: Sendable {
    /// Which broker acknowledgement a delivery waits for.
    public enum Acknowledgement: String, Sendable {
        /// All in-sync replicas (required for idempotence).
        case all = "all"
        /// The partition leader only.
        case leader = "1"
        /// None: the record counts as delivered once sent.
        case none = "0"
    }

    /// The shared client settings.
    public var client: KafkaClientConfiguration
    /// Idempotent production (no duplicates or reordering from retries); on by default.
    public var idempotent: Bool
    /// The acknowledgement a delivery waits for; `.all` by default.
    public var acks: Acknowledgement
    /// How long the producer waits to fill a batch (`linger.ms`).
    public var linger: Duration
    /// How long a record may wait for delivery, retries included, before it
    /// fails (`message.timeout.ms`); brokers being down counts against it.
    public var deliveryTimeout: Duration
    /// How many records may wait in the local queue (`queue.buffering.max.messages`);
    /// a send beyond it waits for room.
    public var maxQueuedRecords: Int
    /// The partitioner; `murmur2_random` by default, so keys land on the same
    /// partitions as with the Java client and other Kafka clients.
    public var partitioner: String

    /// Creates producer settings over `client`.
    public init(
        client: KafkaClientConfiguration,
        idempotent: Bool = true,
        acks: Acknowledgement = .all,
        linger: Duration = .milliseconds(5),
        deliveryTimeout: Duration = .seconds(300),
        maxQueuedRecords: Int = 500_000,
        partitioner: String = "murmur2_random"
    ) {
        self.client = client
        self.idempotent = idempotent
        self.acks = acks
        self.linger = linger
        self.deliveryTimeout = deliveryTimeout
        self.maxQueuedRecords = maxQueuedRecords
        self.partitioner = partitioner
    }

    /// The librdkafka properties the client is created with, in order (later wins).
    public var librdkafkaProperties: [(String, String)] {
        client.librdkafkaProperties + [
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("acks", acks.rawValue),
            ("linger.ms", String(linger.milliseconds)),
            ("message.timeout.ms", String(deliveryTimeout.milliseconds)),
            ("queue.buffering.max.messages", String(maxQueuedRecords)),
            ("partitioner", partitioner),
        ] + client.properties.sorted { $0.key < $1.key }
    }
}

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
    /// `assign` uses a private group that nothing else joins.
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
    /// When set, a task waiting for records receives an empty batch after
    /// this long without any, so it can do periodic work (fire timers).
    public var idleBatchInterval: Duration?
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
        self.idleBatchInterval = nil
        self.fetchWait = nil
    }

    /// The librdkafka properties the client is created with, in order (later wins).
    public var librdkafkaProperties: [(String, String)] {
        var result = client.librdkafkaProperties
        // librdkafka routes fetched records through the group's queue even for
        // manual assignment, so a consumer without a group gets a private one.
        result.append(("group.id", groupID ?? "homeward-standalone-\(UInt64.random(in: 0...UInt64.max))"))
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

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
