import HomewardContract
public import HomewardProcessing
import Kafka
public import Logging
public import ServiceLifecycle
import Synchronization

/// Runs a worker's rules on Kafka: consume a batch → decode → handle →
/// produce effects (outputs, state changelog, dead letters) and wait until
/// they are acknowledged → mark the batch processed (commit). A
/// swift-service-lifecycle `Service`: on graceful shutdown it stops fetching,
/// finishes the batch in hand, commits, flushes and leaves the group.
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
public final class KafkaWorker<Logic: WorkerLogic>: Service, Sendable {
    private let logic: Logic
    private let configuration: WorkerConfiguration
    private let logger: Logger
    private let slots = PartitionSlots<Logic>()
    /// Input records whose offsets are marked so far in this process.
    private let markedRecords = Atomic<Int>(0)

    /// The input partitions whose state this worker holds right now (for
    /// readiness checks: a partition is listed once its state is restored).
    public var ownedPartitions: [Int32] { slots.all.map(\.0) }

    /// The number of keys with state or timers over the owned partitions.
    public var statefulKeys: Int { slots.all.reduce(0) { total, entry in total + entry.1.processor.withLock { $0.store.keyCount } } }

    /// Creates a worker running `logic`.
    public init(logic: Logic, configuration: WorkerConfiguration, logger: Logger) {
        self.logic = logic
        self.configuration = configuration
        self.logger = logger
    }

    private var prefix: String { configuration.topicPrefix }

    /// Runs until graceful shutdown or task cancellation; throws a
    /// ``WorkerError`` when continuing could lose data.
    public func run() async throws {
        let inputTopics = logic.inputRoles.map { $0.topic(prefix: prefix) }
        let stateTopic = logic.stateRole.topic(prefix: prefix)
        let deadLetterTopic = TopicRole.deadLetter.topic(prefix: prefix)
        let slots = self.slots
        var producerConfiguration = KafkaProducerConfiguration(client: configuration.client)
        if let linger = configuration.outputLinger { producerConfiguration.linger = linger }
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        var consumerConfiguration = KafkaConsumerConfiguration(
            client: configuration.client,
            groupID: configuration.groupID ?? "homeward.\(logic.name)",
            offsetReset: .earliest,
            assignor: .range,
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
        // When no records come, the loop still runs every 100 ms: batches whose
        // outputs were acknowledged send their state and get marked (rather
        // than waiting for the next records), and records a merge holds for
        // their turn are looked at again. Wall-clock timers keep their own tick.
        consumerConfiguration.idleBatchInterval = min(configuration.timerTick, .milliseconds(100))
        let inFlight = InFlightBatches(stateTopic: stateTopic, flushInterval: configuration.stateFlushInterval,
                                       flushBytes: configuration.stateBufferBytes)
        let logger = self.logger
        let metrics = WorkerMetrics(worker: logic.name, factory: configuration.metricsFactory)
        let restorer = StateRestorer(
            logic: logic, clock: configuration.clock, slots: slots, inputTopics: inputTopics,
            stateTopic: stateTopic, client: configuration.client, logger: logger, metrics: metrics,
            beforeRevocation: { consumer in
                // The partitions move once this returns and the consumer commits:
                // make every effect durable and mark every batch first.
                if !producer.flushSynchronously() {
                    logger.error("effects still unacknowledged at revocation; their records will be processed again")
                }
                do {
                    try inFlight.completeSynchronously(producer: producer)
                    let marked = try inFlight.markCompleted { marks in
                        for (partition, next) in marks { try consumer.markProcessed(partition, upTo: next) }
                    }
                    self.didMark(marked, metrics: metrics)
                } catch {
                    slots.fail(error as? WorkerError ?? .deliveryFailed(KafkaError(operation: .delivery, code: 0, message: "\(error)")))
                }
            })
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceHandler: restorer, logger: logger)
        try consumer.subscribe(to: inputTopics)
        logger.notice("worker started", metadata: [
            "worker": "\(logic.name)", "inputs": "\(inputTopics)", "state": "\(stateTopic)", "clock": "\(configuration.clock)",
        ])

        var failure: (any Error)?
        do {
            try await withGracefulShutdownHandler {
                try await self.loop(consumer: consumer, producer: producer, slots: slots, inFlight: inFlight,
                                    deadLetterTopic: deadLetterTopic, metrics: metrics)
            } onGracefulShutdown: {
                Task { await consumer.close() }
            }
        } catch {
            failure = error
        }
        await consumer.close()
        await producer.shutdown()
        if let failure {
            logger.critical("worker stopped", metadata: ["worker": "\(logic.name)", "error": "\(failure)"])
            throw failure
        }
        logger.notice("worker stopped", metadata: ["worker": "\(logic.name)"])
    }

    /// How many batches may await acknowledgement while later ones are
    /// processed: many small ones (low latency when traffic is light), but
    /// no more records than about four full batches (memory and throughput
    /// when it is heavy).
    static var maxBatchesInFlight: Int { 32 }

    private func settle(_ inFlight: InFlightBatches, producer: KafkaProducer, consumer: KafkaConsumer, flushNow: Bool,
                        metrics: WorkerMetrics) async throws {
        let marked = try await inFlight.advance(producer: producer, flushNow: flushNow) { marks in
            for (partition, next) in marks { try consumer.markProcessed(partition, upTo: next) }
        }
        didMark(marked, metrics: metrics)
    }

    /// Counts records marked and logs the running total (a crash test
    /// kills the worker when it sees this line).
    private func didMark(_ count: Int, metrics: WorkerMetrics) {
        guard count > 0 else { return }
        metrics.recordsMarked.increment(by: count)
        let total = markedRecords.add(count, ordering: .relaxed).newValue
        logger.debug("offsets marked", metadata: ["records": "\(total)"])
    }

    private func loop(
        consumer: KafkaConsumer, producer: KafkaProducer, slots: PartitionSlots<Logic>, inFlight: InFlightBatches,
        deadLetterTopic: String, metrics: WorkerMetrics
    ) async throws {
        var lastTick = ContinuousClock.now
        var lastLagReport = ContinuousClock.now
        var batches = consumer.batches.makeAsyncIterator()
        let waker = AcknowledgementWaker()
        while let batch = try await batches.next() {
            if let failure = slots.recordedFailure { throw failure }
            if !batch.isEmpty { metrics.recordsIn.increment(by: batch.count) }
            let wallNow = configuration.wallClock()

            // Records per partition, in order; partitions in parallel.
            var byPartition: [Int32: [KafkaRecord]] = [:]
            for record in batch { byPartition[record.partition, default: []].append(record) }
            var slotsInBatch: [(Int32, PartitionSlot<Logic>, [KafkaRecord])] = []
            for (partition, records) in byPartition.sorted(by: { $0.key < $1.key }) {
                guard let slot = slots.slot(partition) else {
                    throw WorkerError.partitionNotOwned(topic: records[0].topic, partition: partition)
                }
                slotsInBatch.append((partition, slot, records))
            }
            // Several inputs: records are taken in time order across them (see LiveMerge).
            var merging: [Int32: PartitionSlot<Logic>.MergeClock] = [:]
            if logic.inputRoles.count > 1 {
                for (partition, slot) in slots.all where byPartition[partition] == nil && slot.isHolding {
                    slotsInBatch.append((partition, slot, []))
                }
                let lags = consumer.lag()
                let now = ContinuousClock.now
                for (partition, _, _) in slotsInBatch {
                    var highWatermarks: [String: Int64] = [:]
                    for entry in lags where entry.topicPartition.partition == partition {
                        if let high = entry.highWatermark { highWatermarks[entry.topicPartition.topic] = high }
                    }
                    merging[partition] = .init(now: now, highWatermarks: highWatermarks)
                }
            }
            // Each partition's task also hands its outputs and dead letters to
            // the producer, so the loop's serial part stays small.
            let prefix = self.prefix
            var emitted: [PartitionEmission] = []
            if slotsInBatch.count == 1 {
                let (partition, slot, records) = slotsInBatch[0]
                let outcome = slot.process(records, topicPrefix: prefix, wallNow: wallNow, merging: merging[partition])
                emitted.append(try await emit(outcome, partition: partition, producer: producer, deadLetterTopic: deadLetterTopic, metrics: metrics))
            } else if !slotsInBatch.isEmpty {
                let merging = merging
                emitted = try await withThrowingTaskGroup(of: PartitionEmission.self) { group in
                    for (partition, slot, records) in slotsInBatch {
                        group.addTask {
                            let outcome = slot.process(records, topicPrefix: prefix, wallNow: wallNow, merging: merging[partition])
                            return try await self.emit(outcome, partition: partition, producer: producer, deadLetterTopic: deadLetterTopic,
                                                       metrics: metrics)
                        }
                    }
                    var collected: [PartitionEmission] = []
                    for try await result in group { collected.append(result) }
                    return collected.sorted { $0.state.partition < $1.state.partition }
                }
            }

            // Wall-clock timers.
            if configuration.clock == .wall, ContinuousClock.now - lastTick >= configuration.timerTick {
                lastTick = ContinuousClock.now
                metrics.timerChecks.increment()
                for (partition, slot) in slots.all {
                    var outcome = PartitionOutcome()
                    outcome.step = slot.advance(to: wallNow)
                    if !outcome.step.outputs.isEmpty || !outcome.step.changelog.isEmpty {
                        outcome.checkpoint = slot.checkpoint()
                        emitted.append(try await emit(outcome, partition: partition, producer: producer, deadLetterTopic: deadLetterTopic,
                                                      metrics: metrics))
                    }
                }
            }

            var marks: [KafkaTopicPartition: Int64] = [:]
            for emission in emitted {
                for (topic, next) in emission.state.checkpoint?.nextOffsets ?? [:] {
                    marks[KafkaTopicPartition(topic: topic, partition: emission.state.partition)] = next
                }
            }
            inFlight.append(.init(records: batch.count, marks: marks, outputs: emitted.compactMap(\.deliveries), state: emitted.map(\.state)))
            // Overlap the wait for acknowledgements with the next batches, but
            // mark offsets only in order, once a batch's effects are durable.
            // When no more input is waiting, there is nothing to coalesce: flush the state now.
            try await settle(inFlight, producer: producer, consumer: consumer, flushNow: batch.isEmpty || !consumer.hasBufferedBatch,
                             metrics: metrics)
            while case let waiting = inFlight.awaitingBroker,
                  waiting.batches > Self.maxBatchesInFlight || waiting.records > 4 * configuration.maxBatchSize,
                  let oldest = inFlight.oldestPending {
                _ = await oldest.failures()  // only to wait: no report is built for a delivered record
                try await settle(inFlight, producer: producer, consumer: consumer, flushNow: false, metrics: metrics)
            }
            // Input paused with effects on their way: act on their acknowledgement when it comes.
            if !consumer.hasBufferedBatch, let oldest = inFlight.oldestPending { waker.wake(consumer, after: oldest) }
            if !batch.isEmpty {
                logger.debug("batch handled", metadata: ["records": "\(batch.count)", "outputs": "\(emitted.reduce(0) { $0 + $1.outputs })"])
            }
            if ContinuousClock.now - lastLagReport >= .seconds(5) {
                lastLagReport = ContinuousClock.now
                for entry in consumer.lag() {
                    metrics.lag(entry.topicPartition.topic, entry.topicPartition.partition).record(entry.lag)
                }
            }
            for emission in emitted { metrics.timersPending(emission.state.partition).record(emission.timersPending) }
            // Releasing a batch has librdkafka destroy each of its messages: let
            // another core do it while this loop goes on to the next batch.
            let spent = (consume batch, consume byPartition, consume slotsInBatch)
            Task.detached(priority: .utility) { withExtendedLifetime(spent) {} }
        }
    }

    /// Hands one partition's outputs and dead letters to the producer and
    /// returns what the batch's entry needs: their deliveries and the
    /// partition's state writes and checkpoint (for the state buffer).
    private func emit(_ outcome: PartitionOutcome, partition: Int32, producer: KafkaProducer, deadLetterTopic: String,
                      metrics: WorkerMetrics) async throws -> PartitionEmission {
        var records: [KafkaProducerRecord] = []
        records.reserveCapacity(outcome.step.outputs.count + outcome.rejected.count)
        let headers = [KafkaHeader(name: "content-type", value: "application/cloudevents+json")]  // shared, not copied
        var role: TopicRole?, topic = ""  // outputs come in runs of one role
        for output in outcome.step.outputs {
            if output.topicRole != role {
                role = output.topicRole
                topic = output.topicRole.topic(prefix: prefix)
            }
            records.append(KafkaProducerRecord(
                topic: topic, key: output.key, value: output.value,
                headers: headers, timestampMilliseconds: output.time.millisecondsSinceEpoch))
        }
        metrics.recordsOut.increment(by: outcome.step.outputs.count)
        for (key, error) in outcome.step.unreadableState {
            logger.critical("timer dropped: stored state unreadable", metadata: [
                "worker": "\(logic.name)", "partition": "\(partition)", "key": "\(key)", "error": "\(error)",
            ])
            metrics.deadLetters("unreadable-state").increment()
        }
        for rejected in outcome.rejected {
            logger.warning("input dead-lettered", metadata: [
                "worker": "\(logic.name)", "topic": "\(rejected.record.topic)", "partition": "\(rejected.record.partition)",
                "offset": "\(rejected.record.offset)", "reason": "\(rejected.reason)",
            ])
            metrics.deadLetters(rejected.kind).increment()
            records.append(DeadLetter.record(for: rejected.record, worker: logic.name, reason: rejected.reason, topic: deadLetterTopic))
        }
        return PartitionEmission(
            deliveries: records.isEmpty ? nil : try await producer.enqueue(records),
            outputs: outcome.step.outputs.count,
            state: PartitionStateWrites(partition: partition, writes: outcome.step.changelog, checkpoint: outcome.checkpoint),
            timersPending: outcome.timersPending)
    }
}

/// What one partition's share of a batch left for the loop.
struct PartitionEmission: Sendable {
    /// The outputs' and dead letters' deliveries (nil when there were none).
    let deliveries: KafkaPendingDeliveries?
    /// How many outputs.
    let outputs: Int
    let state: PartitionStateWrites
    let timersPending: Int
}
