import CRdkafka
import CRdkafkaShims
public import Logging

/// An in-process Kafka cluster: librdkafka's mock cluster (`rdkafka_mock.h`).
///
/// It speaks the Kafka protocol on loopback, so any Kafka client (kcat,
/// kafka-python, another process) can use ``bootstrapServers``. It keeps data
/// in memory only, for local use and tests. What it does not do (librdkafka
/// 2.0.2): compaction, the CreateTopics/DescribeConfigs admin calls, faithful
/// transactions; each partition keeps at most about 5 MiB.
///
/// Fault injection: ``setBrokerDown(_:)``, ``setBrokerUp(_:)``,
/// ``setRoundTripTime(_:broker:)``, ``failNextRequests(_:with:count:)``,
/// ``moveLeader(of:to:)``.
public final class EmbeddedBroker: KafkaTopicCreator {
    /// About how many bytes of records one partition keeps; beyond that the
    /// oldest are dropped (the mock cluster's log limit).
    public static let bytesPerPartition = 5 * 1024 * 1024

    /// Kafka protocol request kinds, for error injection.
    public enum RequestKind: Int16, Sendable {
        /// Produce (0).
        case produce = 0
        /// Fetch (1).
        case fetch = 1
        /// ListOffsets (2).
        case listOffsets = 2
        /// Metadata (3).
        case metadata = 3
        /// OffsetCommit (8).
        case offsetCommit = 8
        /// OffsetFetch (9).
        case offsetFetch = 9
        /// FindCoordinator (10).
        case findCoordinator = 10
        /// JoinGroup (11).
        case joinGroup = 11
        /// Heartbeat (12).
        case heartbeat = 12
        /// SyncGroup (14).
        case syncGroup = 14
        /// InitProducerId (22).
        case initProducerID = 22
    }

    private let owner: RDKafkaClient
    private let cluster: SendablePointer
    private let destroyed = Latch()
    /// How many brokers the cluster has; their ids are 1...brokerCount.
    public let brokerCount: Int
    /// `host:port,…` of the cluster's brokers on 127.0.0.1.
    public let bootstrapServers: String

    /// Starts a cluster of `brokers` brokers on loopback.
    public init(brokers: Int = 1, logger: Logger = Logger(label: "kafka.embedded")) throws(KafkaError) {
        guard brokers >= 1 else {
            throw KafkaError(operation: .embeddedBroker, code: 0, message: "brokers must be at least 1, got \(brokers)", isRetriable: false)
        }
        // The cluster's owning handle has no brokers of its own; librdkafka's
        // notice about that is noise.
        var ownerLogger = logger
        ownerLogger.logLevel = max(logger.logLevel, .warning)
        let owner = try RDKafkaClient(
            type: RD_KAFKA_PRODUCER,
            properties: [("client.id", "embedded-broker")],
            callbacks: RDKafkaCallbacks(logger: ownerLogger))
        guard let cluster = rd_kafka_mock_cluster_new(owner.handle, Int32(brokers)) else {
            throw KafkaError(operation: .embeddedBroker, code: 0, message: "rd_kafka_mock_cluster_new failed", isRetriable: false)
        }
        self.owner = owner
        self.cluster = SendablePointer(cluster)
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit { destroyCluster() }

    /// Whether a cluster with this id (``KafkaTopicAdmin/clusterID()``) is
    /// an embedded broker, in this process or another: the mock cluster
    /// names itself `mockCluster…`.
    public static func isEmbedded(clusterID: String) -> Bool {
        clusterID.hasPrefix("mockCluster")
    }

    /// Stops the cluster; its data is gone. Clients still connected see
    /// their brokers go down.
    public func shutdown() {
        destroyCluster()
    }

    private func destroyCluster() {
        guard destroyed.trip() else { return }
        rd_kafka_mock_cluster_destroy(cluster.pointer)
    }

    private func check(_ error: rd_kafka_resp_err_t, _ what: String) throws(KafkaError) {
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(operation: .embeddedBroker, code: error, context: what)
        }
    }

    /// Creates a topic through the mock API; an existing topic is left as is.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int16 = 1) throws(KafkaError) {
        let error = rd_kafka_mock_topic_create(cluster.pointer, name, partitions, Int32(min(Int(replicationFactor), brokerCount)))
        if error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { return }
        try check(error, "create topic '\(name)' with \(partitions) partitions")
    }

    /// Creates every topic; topic configuration is accepted and ignored (the
    /// mock cluster neither compacts nor expires data).
    public func createTopics(_ topics: [KafkaTopicSpec]) async throws(KafkaError) {
        for topic in topics {
            try createTopic(topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
        }
    }

    /// Takes broker `id` (1-based) down: its connections close and it refuses new ones.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster.pointer, id), "broker \(id) down")
    }

    /// Brings broker `id` back up.
    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster.pointer, id), "broker \(id) up")
    }

    /// Takes every broker down.
    public func setAllBrokersDown() throws(KafkaError) {
        for id in 1...Int32(brokerCount) { try setBrokerDown(id) }
    }

    /// Brings every broker up.
    public func setAllBrokersUp() throws(KafkaError) {
        for id in 1...Int32(brokerCount) { try setBrokerUp(id) }
    }

    /// Delays every answer of broker `id` by `rtt`.
    public func setRoundTripTime(_ rtt: Duration, broker id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(cluster.pointer, id, Int32(clamping: rtt.milliseconds)), "broker \(id) rtt")
    }

    /// Makes the next `count` requests of `kind` (to any broker) fail with
    /// the Kafka error `code` (e.g. 6, NOT_LEADER_OR_FOLLOWER).
    public func failNextRequests(_ kind: RequestKind, with code: Int32, count: Int = 1) {
        rdk_shim_mock_push_request_errors(cluster.pointer, kind.rawValue, count, rd_kafka_resp_err_t(code))
    }

    /// Makes the next request of `kind` to broker `id` fail with `code` after `rtt`.
    public func failNextRequest(_ kind: RequestKind, broker id: Int32, with code: Int32, after rtt: Duration = .zero) throws(KafkaError) {
        try check(rdk_shim_mock_broker_push_request_error(cluster.pointer, id, kind.rawValue, rd_kafka_resp_err_t(code), Int32(clamping: rtt.milliseconds)),
                  "inject error on broker \(id)")
    }

    /// Moves the leadership of a partition to broker `id`.
    public func moveLeader(of partition: KafkaTopicPartition, to id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_partition_set_leader(cluster.pointer, partition.topic, partition.partition, id),
                  "move leader of \(partition) to broker \(id)")
    }
}
