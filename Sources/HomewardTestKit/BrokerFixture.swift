import Foundation
public import HomewardContract
public import Kafka
public import Logging

/// A Kafka broker for one integration test: an in-process ``EmbeddedBroker``
/// (librdkafka's mock cluster) or one already running at an address (a
/// `homeward broker` child process), with a topic prefix of its own, the
/// client settings the embedded broker needs, Homeward's topics by
/// ``TopicRole``, producing, and reading a topic to its end.
///
/// ```swift
/// let kafka = try await BrokerFixture("reminders", topics: [.caseEvents, .scheduleState, .reminders, .deadLetter])
/// try await kafka.produce(events)  // CaseEvents, to case-events, keyed by case
/// // … run a worker against kafka.bootstrapServers and kafka.prefix …
/// try await kafka.waitUntilConsumed(by: "scheduler", [.caseEvents])
/// let reminders = try await kafka.readToEnd(.reminders)
/// ```
///
/// Topics are named `<prefix><role>`; the prefix is unique to the fixture, so
/// tests sharing a broker, and consumer groups named after the prefix, never
/// meet. Any topic a test needs can be a role: `TopicRole` is a string literal.
public final class BrokerFixture: Sendable {
    /// The group session timeout for the embedded broker: after every member
    /// has left, the next one waits this long less a second (librdkafka's
    /// default of 45 s would stall a test that restarts a worker).
    public static let sessionTimeout: Duration = .seconds(6)
    /// The group heartbeat interval that goes with ``sessionTimeout``.
    public static let heartbeatInterval: Duration = .seconds(1)
    /// How long a fetch may wait for records (`fetch.wait.max.ms`): the
    /// embedded broker holds every fetch for the whole wait even when
    /// records arrive meanwhile, so a long one delays every record.
    public static let fetchWait: Duration = .milliseconds(10)

    /// The in-process cluster, for fault injection; `nil` when the fixture
    /// connects to a broker running elsewhere.
    public let broker: EmbeddedBroker?
    /// `host:port,…` of the broker, for clients and for child processes.
    public let bootstrapServers: String
    /// The fixture's topic names: Homeward's catalogue under its prefix.
    public let catalog: TopicCatalog
    /// How many partitions the fixture's topics have unless a test asks otherwise.
    public let partitions: Int32
    /// The logger every client of the fixture uses; its level comes from
    /// `HOMEWARD_TEST_LOG` (e.g. `debug`), else `warning`.
    public let logger: Logger
    private let admin: KafkaTopicAdmin

    /// The prefix of every topic name of the fixture, unique to it (e.g. `scheduler-crash.3f9a0c1e.`).
    public var prefix: String { catalog.prefix }

    /// Starts an embedded cluster of `brokers` brokers and creates `roles`'
    /// topics under a prefix made from `label` and a random part.
    public init(
        _ label: String = "test",
        brokers: Int = 1,
        topics roles: [TopicRole] = [],
        partitions: Int32 = 4,
        logger: Logger? = nil
    ) async throws {
        let logger = logger ?? Self.logger()
        let broker = try EmbeddedBroker(brokers: brokers, logger: logger)
        self.broker = broker
        self.bootstrapServers = broker.bootstrapServers
        self.catalog = TopicCatalog(prefix: Self.uniquePrefix(label))
        self.partitions = partitions
        self.logger = logger
        self.admin = try Self.admin(bootstrapServers: broker.bootstrapServers, logger: logger)
        try await createTopics(roles)
    }

    /// Uses the broker at `bootstrapServers` (a `homeward broker` child
    /// process, or a real cluster) with topics under `prefix`, which the
    /// test makes unique (``uniquePrefix(_:)``). On `homeward broker`, its
    /// `--topics` creates the topics: the embedded broker does not answer
    /// the admin API's CreateTopics.
    public init(connectingTo bootstrapServers: String, prefix: String, partitions: Int32 = 4, logger: Logger? = nil) throws {
        let logger = logger ?? Self.logger()
        self.broker = nil
        self.bootstrapServers = bootstrapServers
        self.catalog = TopicCatalog(prefix: prefix)
        self.partitions = partitions
        self.logger = logger
        self.admin = try Self.admin(bootstrapServers: bootstrapServers, logger: logger)
    }

    /// The fixture's own client for metadata and topic creation. Its
    /// failures are thrown; librdkafka's log of them (and of the broker
    /// going away at the end of a test) would only repeat them.
    private static func admin(bootstrapServers: String, logger: Logger) throws -> KafkaTopicAdmin {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .critical)
        return try KafkaTopicAdmin(configuration: KafkaClientConfiguration(brokers: bootstrapServers, clientID: "homeward-test"),
                                   logger: quiet)
    }

    /// `<label>.<8 random hex digits>.`: a topic prefix no other test uses.
    public static func uniquePrefix(_ label: String) -> String {
        "\(label).\(UUID().uuidString.prefix(8).lowercased())."
    }

    /// A logger labelled `label` at the level `HOMEWARD_TEST_LOG` names
    /// (`trace` … `critical`), else `level`.
    public static func logger(_ label: String = "homeward.test", level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["HOMEWARD_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? level
        return logger
    }

    /// Stops the embedded cluster (its data is gone); a no-op when
    /// connected to a broker running elsewhere. Also done when the fixture goes.
    public func shutdown() {
        broker?.shutdown()
    }

    /// The full name of `role`'s topic.
    public func topic(_ role: TopicRole) -> String { catalog.name(role) }

    /// Creates the topics of `roles` with `partitions` each (the fixture's
    /// count by default) and `replicationFactor` replicas of each partition,
    /// with the configuration Homeward's catalogue gives them; a topic that exists is
    /// left as is. Replicas on several brokers are for tests that take
    /// brokers down or move leaders; the embedded broker caps the factor at
    /// its broker count.
    public func createTopics(_ roles: [TopicRole], partitions: Int32? = nil, replicationFactor: Int16 = 1) async throws {
        let specs = roles.map { role in
            KafkaTopicSpec(name: topic(role), partitions: partitions ?? self.partitions, replicationFactor: replicationFactor,
                           config: TopicCatalog.descriptor(of: role)?.configuration ?? [:])
        }
        if let broker {
            try await broker.createTopics(specs)
        } else {
            try await admin.createTopics(specs)
        }
    }

    /// The partitions of `role`'s topic, from the broker's metadata.
    ///
    /// - Throws: ``KafkaError`` if the topic does not exist.
    public func partitions(of role: TopicRole) async throws -> [KafkaTopicPartition] {
        let name = topic(role)
        guard let count = try await admin.partitionCount(of: name) else {
            throw KafkaError(operation: .administration, code: 0,
                             message: "topic '\(name)' does not exist: create it with createTopics([\"\(role)\"]) first",
                             isRetriable: false)
        }
        return (0..<Int32(count)).map { KafkaTopicPartition(topic: name, partition: $0) }
    }

    // MARK: Client settings

    /// The client settings of the fixture's broker.
    public var client: KafkaClientConfiguration {
        KafkaClientConfiguration(brokers: bootstrapServers, clientID: "homeward-test")
    }

    /// Consumer settings for the embedded broker: quick group joins
    /// (``sessionTimeout``, ``heartbeatInterval``), short fetch waits
    /// (``fetchWait``), from the earliest offset, committing only on
    /// ``KafkaConsumer/commit()``.
    public func consumerConfiguration(group: String? = nil, maxBatchSize: Int = 1_000) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(
            client: client, groupID: group, offsetReset: .earliest,
            sessionTimeout: Self.sessionTimeout, heartbeatInterval: Self.heartbeatInterval,
            autoCommitInterval: nil, maxBatchSize: maxBatchSize)
        configuration.fetchWait = Self.fetchWait
        return configuration
    }

    /// Producer settings for the fixture's broker.
    public var producerConfiguration: KafkaProducerConfiguration {
        KafkaProducerConfiguration(client: client)
    }

    // MARK: Producing

    /// Produces `records` and waits until every one is acknowledged; returns
    /// their delivery reports, in the order of `records`, for a test that
    /// asks where each went (partition and offset).
    ///
    /// - Throws: the ``KafkaError`` of the first record not delivered.
    @discardableResult
    public func produce(_ records: [KafkaProducerRecord]) async throws -> [KafkaDeliveryReport] {
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let reports: [KafkaDeliveryReport]
        do {
            reports = try await producer.send(contentsOf: records)
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()
        if let failed = reports.first(where: { !$0.isDelivered }), let error = failed.error { throw error }
        return reports
    }

    /// Produces each `(key, value)` to `role`'s topic, in order, and waits
    /// until every one is acknowledged.
    public func produce(_ records: [(key: String, value: [UInt8])], to role: TopicRole) async throws {
        let topic = topic(role)
        try await produce(records.map { KafkaProducerRecord(topic: topic, key: Array($0.key.utf8), value: $0.value) })
    }

    /// Produces `events` as JSON CloudEvents to `role`'s topic (case-events
    /// by default), each keyed by its case as a case system would.
    public func produce(_ events: some Sequence<CaseEvent>, to role: TopicRole = .caseEvents) async throws {
        let encoder = JSONEncoder()
        try await produce(try events.map { (key: $0.subject.rawValue, value: Array(try encoder.encode($0))) }, to: role)
    }
}
