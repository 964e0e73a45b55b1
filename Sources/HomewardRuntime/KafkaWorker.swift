import HomewardContract
public import HomewardProcessing
import Kafka
public import Logging
public import ServiceLifecycle

/// Runs a worker's rules on Kafka: consume a batch → decode → handle →
/// produce effects (outputs, state changelog, dead letters) and wait until
/// they are acknowledged → mark the batch processed (commit). A
/// swift-service-lifecycle `Service`: on graceful shutdown (or when its task
/// is cancelled) it stops taking batches, makes everything it processed
/// durable, commits, flushes and leaves the group.
///
/// - State: per owned partition in memory, restored from the changelog
///   (`<prefix><stateRole>`, partition *p* for input partition *p*) before
///   the partition's input is fetched. Writes to the changelog are coalesced
///   per key for up to ``WorkerConfiguration/stateFlushInterval`` (offsets
///   are marked only after the flush), so a busy key costs one changelog
///   record per flush rather than one per event.
/// - Bad input: sent to `<prefix>dead-letter` with the contract's headers;
///   the offset moves on; counted per reason.
/// - Partitions of one batch are processed concurrently; per-key order holds
///   because a key lives on one partition.
/// - Progress is reported as metrics (``WorkerMetricLabel``), through
///   ``WorkerConfiguration/metricsFactory``; readiness (partitions assigned
///   and restored) as ``readiness``.
public final class KafkaWorker<Logic: WorkerLogic>: Service, ReadinessReporting, Sendable {
    private let logic: Logic
    private let performer: (any EffectPerformer<Logic.Input>)?
    private let configuration: WorkerConfiguration
    private let logger: Logger
    private let slots = PartitionSlots<Logic>()

    /// The input partitions whose state this worker holds right now (a
    /// partition is listed once its state is restored; see ``readiness``).
    public var ownedPartitions: [Int32] { slots.all.map(\.0) }

    /// Whether the worker has input partitions assigned and their state
    /// restored (for `/health/ready`).
    public var readiness: WorkerReadiness { slots.readiness(worker: logic.name) }

    /// The number of keys with state or timers over the owned partitions.
    public var statefulKeys: Int { slots.all.reduce(0) { total, entry in total + entry.1.processor.withLock { $0.store.keyCount } } }

    /// Creates a worker running `logic`; `performer` performs its
    /// performed outputs (``WorkerLogic/performedRole``: required then, and only then).
    public init(logic: Logic, configuration: WorkerConfiguration, performer: (any EffectPerformer<Logic.Input>)? = nil, logger: Logger) {
        precondition((logic.performedRole == nil) == (performer == nil),
                     "\(logic.name): a worker with performed outputs needs a performer, and only such a worker takes one")
        self.logic = logic
        self.performer = performer
        self.configuration = configuration
        self.logger = logger
    }

    private var inputTopics: [String] { logic.inputRoles.map { $0.topic(prefix: configuration.topicPrefix) } }
    private var stateTopic: String { logic.stateRole.topic(prefix: configuration.topicPrefix) }

    /// Runs until graceful shutdown or task cancellation; throws a
    /// ``WorkerError`` when continuing could lose data.
    public func run() async throws {
        let events = WorkerLoop<Logic>.Events()
        let metrics = WorkerMetrics(worker: logic.name, factory: configuration.metricsFactory)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration,
                                         rebalanceHandler: rebalanceHandler(events: events, metrics: metrics), logger: logger)
        try consumer.subscribe(to: inputTopics)
        logger.notice("worker started", metadata: [
            "worker": "\(logic.name)", "inputs": "\(inputTopics)", "state": "\(stateTopic)", "clock": "\(configuration.clock)",
        ])
        let feeding = events.feed(from: consumer)
        let loop = makeLoop(events: events, consumer: consumer, producer: producer, metrics: metrics)
        var failure: (any Error)?
        do {
            try await withGracefulShutdownHandler {
                try await withTaskCancellationHandler { try await loop.run() } onCancel: { events.stop() }
            } onGracefulShutdown: {
                events.stop()
            }
        } catch {
            failure = error
        }
        // The loop settled everything it processed (unless it failed): stop
        // taking batches, commit and leave the group, flush.
        events.close()
        await consumer.close()
        await feeding.value
        await producer.shutdown()
        await performer?.shutdown()
        if let failure {
            logger.critical("worker stopped", metadata: ["worker": "\(logic.name)", "error": "\(failure)"])
            throw failure
        }
        logger.notice("worker stopped", metadata: ["worker": "\(logic.name)"])
    }

    private var producerConfiguration: KafkaProducerConfiguration {
        var producerConfiguration = KafkaProducerConfiguration(client: configuration.client)
        if let linger = configuration.outputLinger { producerConfiguration.linger = linger }
        return producerConfiguration
    }

    private var consumerConfiguration: KafkaConsumerConfiguration {
        var consumerConfiguration = KafkaConsumerConfiguration(
            client: configuration.client,
            groupID: configuration.groupID ?? WorkerConfiguration.defaultGroup(of: logic.name),
            offsetReset: .earliest,
            assignor: WorkerConfiguration.assignor,
            sessionTimeout: configuration.sessionTimeout,
            heartbeatInterval: configuration.heartbeatInterval,
            autoCommitInterval: configuration.commitInterval,
            maxBatchSize: configuration.maxBatchSize)
        // librdkafka stops fetching while its queue holds `queued.min.messages`
        // (counted over all partitions, which share the consumer's queue) and
        // looks again only when its broker thread next wakes, up to a second
        // later. A backlog must therefore buffer more than a second of
        // processing, or the worker starves in bursts; the byte limit
        // (`prefetchKilobytes`) still bounds the memory.
        consumerConfiguration.prefetchRecords = 1_000_000
        consumerConfiguration.fetchWait = configuration.fetchWait
        return consumerConfiguration
    }

    /// Restores assigned partitions on the consumer's thread; hands
    /// revocations and restore failures to the loop.
    private func rebalanceHandler(events: WorkerLoop<Logic>.Events, metrics: WorkerMetrics) -> StateRestorer<Logic> {
        StateRestorer(
            logic: logic, clock: configuration.clock, slots: slots, inputTopics: inputTopics, stateTopic: stateTopic,
            client: configuration.client, logger: logger, metrics: metrics,
            revoke: { partitions, lost in Revocation.handOver(partitions, lost: lost, to: events) },
            fail: { error in events.stop(failure: error) },
            restored: { events.post(.timerDue) })
    }

    private func makeLoop(events: WorkerLoop<Logic>.Events, consumer: KafkaConsumer, producer: KafkaProducer,
                          metrics: WorkerMetrics) -> WorkerLoop<Logic> {
        let emitter = EffectEmitter(
            producer: producer, worker: logic.name, topicPrefix: configuration.topicPrefix,
            deadLetterTopic: TopicRole.deadLetter.topic(prefix: configuration.topicPrefix), performedRole: logic.performedRole,
            metrics: metrics, logger: logger)
        let inFlight = InFlightBatches(sink: producer, stateTopic: stateTopic, flushInterval: configuration.stateFlushInterval,
                                       flushBytes: configuration.stateBufferBytes)
        return WorkerLoop(logic: logic, configuration: configuration, events: events, consumer: consumer, slots: slots,
                          inFlight: inFlight, emitter: emitter, performer: performer, metrics: metrics, logger: logger)
    }
}
