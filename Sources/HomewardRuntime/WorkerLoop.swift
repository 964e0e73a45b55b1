import HomewardContract
import HomewardProcessing
import Kafka
import Logging

/// A worker's loop: waits on its events (``WorkerEvents``) and handles
/// each in named steps. Records and wake-ups go through one round: group
/// by partition, process partitions, fire wall timers, record in flight,
/// settle, apply back-pressure, watch acknowledgements, report, release. A
/// performed effect (the notifier's send) starts once the batch recording
/// its start is marked, and its completion is a round of its own. A
/// revocation settles everything and drops the partitions; stop settles
/// everything, waits for the effects under way, and ends the loop. One
/// task runs it.
final class WorkerLoop<Logic: WorkerLogic> {
    /// The loop's events: records, wake-ups, performed effects' completions, revocation, stop.
    typealias Events = WorkerEvents<KafkaRecordBatch, EffectCompletion<Logic.Input>>

    /// How many batches may await acknowledgement while later ones are
    /// processed: many small ones (low latency when traffic is light), but
    /// no more records than about four full batches (memory and throughput
    /// when it is heavy).
    static var maxBatchesInFlight: Int { 32 }
    /// How often a merge holding records looks again whether an input it
    /// waits for has caught up (its end is learned from fetch responses).
    static var mergeRecheck: Duration { .milliseconds(100) }
    /// How often the consumer's lag is reported.
    static var lagReportInterval: Duration { .seconds(5) }

    private let logic: Logic
    private let configuration: WorkerConfiguration
    private let events: Events
    private let consumer: KafkaConsumer
    private let slots: PartitionSlots<Logic>
    private let inFlight: InFlightBatches<KafkaProducer>
    private let emitter: EffectEmitter
    private let metrics: WorkerMetrics
    private let logger: Logger
    /// Performs the outputs of ``WorkerLogic/performedRole``.
    private let performer: (any EffectPerformer<Logic.Input>)?
    /// The offsets performed effects hold back.
    private var holds = EffectHolds()
    /// Effects whose start is durable, waiting for a free performer, with
    /// their tokens; those before `nextWaiting` have started.
    private var waitingEffects: [(token: UInt64, effect: PerformedEffect)] = []
    private var nextWaiting = 0
    /// Effects being performed.
    private var running = 0
    private var lastTick = ContinuousClock.now
    private var lastLagReport = ContinuousClock.now
    /// Input records marked so far.
    private var marked = 0

    init(logic: Logic, configuration: WorkerConfiguration, events: Events, consumer: KafkaConsumer, slots: PartitionSlots<Logic>,
         inFlight: InFlightBatches<KafkaProducer>, emitter: EffectEmitter, performer: (any EffectPerformer<Logic.Input>)?,
         metrics: WorkerMetrics, logger: Logger) {
        precondition((logic.performedRole == nil) == (performer == nil), "a worker with performed outputs needs a performer, and only it")
        self.performer = performer
        self.logic = logic
        self.configuration = configuration
        self.events = events
        self.consumer = consumer
        self.slots = slots
        self.inFlight = inFlight
        self.emitter = emitter
        self.metrics = metrics
        self.logger = logger
    }

    /// Several inputs: records are taken in time order across them.
    private var merging: Bool { logic.inputRoles.count > 1 }

    /// Handles events until stop (having settled everything) or a failure.
    func run() async throws {
        scheduleWakeUp()
        while let event = await events.next() {
            switch consume event {
            case .records(let batch): try await handle(batch)
            case .acknowledged, .timerDue: try await handle(nil)
            case .completed(let completion): try await handle([completion] + events.takeQueuedCompletions())
            case .revocation(let revocation): try await revoke(revocation)
            case .stop(let failure):
                if let failure { throw failure }
                try await settleEverything()
                try await finishEffects()
                return
            }
            launchEffects()
            scheduleWakeUp()
        }
    }

    // MARK: A round

    /// One round over a batch's records, or none on a wake-up (merges
    /// holding records look again, due timers fire, acknowledged effects
    /// move on).
    private func handle(_ batch: consuming KafkaRecordBatch?) async throws {
        let received = batch?.count ?? 0
        if received > 0 { metrics.recordsIn.increment(by: received) }
        let wallNow = configuration.wallClock()
        let work = try groupByPartition(batch)
        var emitted = try await processPartitions(work, wallNow: wallNow)
        emitted += try await fireWallTimers(at: wallNow)
        recordInFlight(records: received, emitted)
        // Overlap the wait for acknowledgements with the next batches, but
        // mark offsets only in order, once a batch's effects are durable.
        // When no more input is waiting, there is nothing to coalesce: flush the state now.
        try await settle(flushNow: !events.hasQueuedBatch)
        try await applyBackPressure()
        watchAcknowledgements()
        report(records: received, emitted)
        release(batch, work)
    }

    /// One partition's share of a round.
    struct PartitionWork: Sendable {
        let partition: Int32
        let slot: PartitionSlot<Logic>
        let records: [KafkaRecord]
    }

    /// The batch's records per partition, in order; with several inputs,
    /// also the partitions whose merge holds records for their turn.
    private func groupByPartition(_ batch: KafkaRecordBatch?) throws -> [PartitionWork] {
        var byPartition: [Int32: [KafkaRecord]] = [:]
        if let batch {
            for record in batch { byPartition[record.partition, default: []].append(record) }
        }
        var work: [PartitionWork] = []
        for (partition, records) in byPartition.sorted(by: { $0.key < $1.key }) {
            guard let slot = slots.slot(partition) else {
                throw WorkerError.partitionNotOwned(topic: records[0].topic, partition: partition)
            }
            work.append(PartitionWork(partition: partition, slot: slot, records: records))
        }
        for (partition, slot) in slots.all where byPartition[partition] == nil && ((merging && slot.isHolding) || slot.awaitsRestoreStep) {
            work.append(PartitionWork(partition: partition, slot: slot, records: []))
        }
        return work
    }

    /// Runs each partition's records through its slot, partitions in
    /// parallel (per-key order holds: a key lives on one partition); each
    /// partition's task also hands its effects to the producer.
    private func processPartitions(_ work: [PartitionWork], wallNow: Timestamp) async throws -> [PartitionEmission] {
        let clocks = mergeClocks(for: work)
        let emitter = self.emitter, prefix = configuration.topicPrefix
        if work.count == 1 {
            let outcome = work[0].slot.process(work[0].records, topicPrefix: prefix, wallNow: wallNow, merging: clocks[work[0].partition])
            return [try await emitter.emit(outcome, partition: work[0].partition)]
        }
        guard !work.isEmpty else { return [] }
        return try await withThrowingTaskGroup(of: PartitionEmission.self) { group in
            for share in work {
                group.addTask {
                    let outcome = share.slot.process(share.records, topicPrefix: prefix, wallNow: wallNow, merging: clocks[share.partition])
                    return try await emitter.emit(outcome, partition: share.partition)
                }
            }
            var collected: [PartitionEmission] = []
            for try await result in group { collected.append(result) }
            return collected.sorted { $0.state.partition < $1.state.partition }
        }
    }

    /// For several inputs: when this round looks, and where each
    /// partition's inputs end on the broker, as far as fetches told.
    private func mergeClocks(for work: [PartitionWork]) -> [Int32: PartitionSlot<Logic>.MergeClock] {
        guard merging, !work.isEmpty else { return [:] }
        let lags = consumer.lag()
        let now = ContinuousClock.now
        var clocks: [Int32: PartitionSlot<Logic>.MergeClock] = [:]
        for share in work {
            var highWatermarks: [String: Int64] = [:]
            for entry in lags where entry.topicPartition.partition == share.partition {
                if let high = entry.highWatermark { highWatermarks[entry.topicPartition.topic] = high }
            }
            clocks[share.partition] = .init(now: now, highWatermarks: highWatermarks)
        }
        return clocks
    }

    /// On the wall clock, once a tick: fires every partition's due timers.
    private func fireWallTimers(at wallNow: Timestamp) async throws -> [PartitionEmission] {
        guard configuration.clock == .wall, ContinuousClock.now - lastTick >= configuration.timerTick else { return [] }
        lastTick = ContinuousClock.now
        metrics.timerChecks.increment()
        var emitted: [PartitionEmission] = []
        for (partition, slot) in slots.all {
            var outcome = PartitionOutcome()
            outcome.step = slot.advance(to: wallNow)
            guard !outcome.step.outputs.isEmpty || !outcome.step.changelog.isEmpty else { continue }
            outcome.checkpoint = slot.checkpoint()
            emitted.append(try await emitter.emit(outcome, partition: partition))
        }
        return emitted
    }

    /// Adds the round's effects to the batches in flight, with the offsets
    /// they will let the loop mark.
    private func recordInFlight(records: Int, _ emitted: [PartitionEmission], finishes: [UInt64] = []) {
        guard records > 0 || !emitted.isEmpty else { return }
        var marks: [KafkaTopicPartition: Int64] = [:]
        for emission in emitted {
            for (topic, next) in emission.state.checkpoint?.nextOffsets ?? [:] {
                marks[KafkaTopicPartition(topic: topic, partition: emission.state.partition)] = next
            }
        }
        inFlight.append(.init(records: records, marks: marks, outputs: emitted.compactMap(\.deliveries), state: emitted.map(\.state),
                              effects: emitted.flatMap(\.effects), finishes: finishes))
    }

    /// Moves acknowledged batches on (state buffered, flushed when due or
    /// `flushNow`) and marks those whose state is acknowledged.
    private func settle(flushNow: Bool) async throws {
        didMark(try await inFlight.advance(flushNow: flushNow, mark: markProcessed))
    }

    /// Waits while too many batches await the broker.
    private func applyBackPressure() async throws {
        while case let waiting = inFlight.awaitingBroker,
              waiting.batches > Self.maxBatchesInFlight || waiting.records > 4 * configuration.maxBatchSize,
              let oldest = inFlight.oldestPending {
            await oldest.waitUntilComplete()
            try await settle(flushNow: false)
        }
    }

    /// Input paused with effects on their way: wake up when the oldest is
    /// acknowledged, to flush and mark at once.
    private func watchAcknowledgements() {
        guard !events.hasQueuedBatch, let oldest = inFlight.oldestPending else { return }
        events.watch { await oldest.waitUntilComplete() }
    }

    /// The round's log line, the lag (when due) and the timers pending.
    private func report(records: Int, _ emitted: [PartitionEmission]) {
        if records > 0 {
            logger.debug("batch handled", metadata: ["records": "\(records)", "outputs": "\(emitted.reduce(0) { $0 + $1.outputs })"])
        }
        if ContinuousClock.now - lastLagReport >= Self.lagReportInterval {
            lastLagReport = ContinuousClock.now
            for entry in consumer.lag() {
                metrics.lag(entry.topicPartition.topic, entry.topicPartition.partition).record(entry.lag)
            }
        }
        for emission in emitted { metrics.timersPending(emission.state.partition).record(emission.timersPending) }
    }

    /// Releasing a batch has librdkafka destroy each of its messages: let
    /// another core do it while this loop goes on.
    private func release(_ batch: consuming KafkaRecordBatch?, _ work: consuming [PartitionWork]) {
        let spent = (batch, work)
        Task.detached(priority: .utility) { withExtendedLifetime(spent) {} }
    }

    // MARK: Performed effects

    /// Performed effects ended: the rules record their outcomes, in a round
    /// of their own (partitions in parallel); once that round is durable,
    /// the effects' hold on the offsets ends. A partition revoked meanwhile
    /// took its state away: the new owner sends again, in doubt, what has no
    /// recorded outcome.
    private func handle(_ completions: [EffectCompletion<Logic.Input>]) async throws {
        running -= completions.count
        var byPartition: [Int32: [EffectCompletion<Logic.Input>]] = [:]
        for completion in completions { byPartition[completion.partition, default: []].append(completion) }
        let wallNow = configuration.wallClock(), emitter = self.emitter
        var shares: [(partition: Int32, slot: PartitionSlot<Logic>, inputs: [Logic.Input])] = []
        for (partition, ended) in byPartition.sorted(by: { $0.key < $1.key }) {
            guard let slot = slots.slot(partition) else {
                logger.info("effects ended after their partition moved away", metadata: ["partition": "\(partition)", "effects": "\(ended.count)"])
                continue
            }
            shares.append((partition, slot, ended.map(\.input)))
        }
        let emitted = try await withThrowingTaskGroup(of: PartitionEmission.self) { group in
            for share in shares {
                group.addTask {
                    try await emitter.emit(share.slot.process(completions: share.inputs, wallNow: wallNow), partition: share.partition)
                }
            }
            var collected: [PartitionEmission] = []
            for try await emission in group { collected.append(emission) }
            return collected.sorted { $0.state.partition < $1.state.partition }
        }
        recordInFlight(records: 0, emitted, finishes: completions.map(\.token))
        try await settle(flushNow: !events.hasQueuedBatch)
        watchAcknowledgements()
        report(records: 0, emitted)
    }

    /// Starts waiting effects while fewer than the performer's concurrency run.
    private func launchEffects() {
        guard let performer else { return }
        while running < performer.concurrency, nextWaiting < waitingEffects.count {
            let (token, pending) = waitingEffects[nextWaiting]
            nextWaiting += 1
            running += 1
            events.perform {
                EffectCompletion(token: token, partition: pending.partition, input: await performer.perform(pending.effect))
            }
        }
        if nextWaiting == waitingEffects.count || nextWaiting > 1_024 {
            waitingEffects.removeFirst(nextWaiting)
            nextWaiting = 0
        }
    }

    /// On stop: performs what waits and records every effect's outcome
    /// (input arriving meanwhile is left unmarked, for the next run).
    private func finishEffects() async throws {
        while holds.outstanding > 0 {
            launchEffects()
            guard let event = await events.next() else { return }
            switch consume event {
            case .completed(let completion):
                try await handle([completion] + events.takeQueuedCompletions())
                try await settleEverything()
            case .revocation(let revocation): try await revoke(revocation)
            case .stop(let failure): if let failure { throw failure }
            case .records, .acknowledged, .timerDue: continue
            }
        }
    }

    // MARK: Between rounds

    /// Settles everything, drops the revoked partitions' state, and lets
    /// the consumer's thread go on (see ``Revocation``).
    private func revoke(_ revocation: Revocation) async throws {
        try await revocation.perform(settle: settleEverything, drop: { partition in
            slots.remove(partition)
            holds.drop([partition])
            waitingEffects.removeFirst(nextWaiting)
            nextWaiting = 0
            waitingEffects.removeAll { $0.effect.partition == partition }
        })
        logger.info("partitions revoked, state dropped", metadata: ["partitions": "\(revocation.partitions)", "lost": "\(revocation.lost)"])
    }

    /// Makes every batch in flight durable and marks it.
    private func settleEverything() async throws {
        didMark(try await inFlight.settleAll(mark: markProcessed))
    }

    /// Asks to be woken for what comes due without input: the wall clock's
    /// next tick, a merge's next look, the next lag report.
    private func scheduleWakeUp() {
        var deadline = lastLagReport + Self.lagReportInterval
        if configuration.clock == .wall { deadline = min(deadline, lastTick + configuration.timerTick) }
        if merging, slots.anyHolding { deadline = min(deadline, .now + Self.mergeRecheck) }
        events.wake(at: deadline)
    }

    /// A batch is durable: its effects may start (holding its partitions'
    /// offsets where they are), its marks are made as far as no effect holds
    /// them back, and the effects whose outcome it records end their hold.
    private func markProcessed(_ entry: InFlightBatches<KafkaProducer>.Entry) throws {
        for pending in entry.effects { waitingEffects.append((holds.start(partition: pending.partition), pending)) }
        try mark(holds.admit(entry.marks))
        if !entry.finishes.isEmpty { try mark(holds.finish(entry.finishes)) }
    }

    private func mark(_ marks: [KafkaTopicPartition: Int64]) throws {
        for (partition, next) in marks { try consumer.markProcessed(partition, upTo: next) }
    }

    /// Counts records marked and logs the running total (a crash test
    /// kills the worker when it sees this line).
    private func didMark(_ count: Int) {
        guard count > 0 else { return }
        marked += count
        metrics.recordsMarked.increment(by: count)
        logger.debug("offsets marked", metadata: ["records": "\(marked)"])
    }
}
