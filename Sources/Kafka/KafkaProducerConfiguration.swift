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
