import CRdkafka
import Foundation
public import Logging

/// Consumes records from Kafka in batches, as a consumer-group member or on
/// partitions assigned by hand.
///
/// Records reach Swift in batches (``batches``), fetched by a dedicated
/// thread into a bounded buffer; the thread stops fetching while the buffer
/// is full. Offsets are committed only for records marked with
/// ``markProcessed(_:)-(KafkaRecord)`` (`enable.auto.offset.store=false`):
/// in the background every ``KafkaConsumerConfiguration/autoCommitInterval``,
/// on ``commit()``, after every revocation and on ``close()``.
///
/// A ``KafkaRebalanceHandler`` runs synchronously on the consumer's thread
/// before partitions are fetched and before they move away.
public final class KafkaConsumer: Sendable {
    let client: RDKafkaClient
    private let queue: SendablePointer
    private let core: ConsumerCore
    private let pollThread: RDKafkaPollThread
    private let closed = Latch()
    private let groupID: String?
    private let logger: Logger

    /// Creates a consumer; fails if a property is unknown or invalid.
    ///
    /// - Parameters:
    ///   - configuration: the consumer's settings.
    ///   - rebalanceHandler: code to run when partitions are assigned or revoked.
    ///   - logger: receives librdkafka's log lines and the consumer's own.
    public init(
        configuration: KafkaConsumerConfiguration,
        rebalanceHandler: (any KafkaRebalanceHandler)? = nil,
        logger: Logger = Logger(label: "homeward.kafka.consumer")
    ) throws(KafkaError) {
        let core = ConsumerCore(
            capacity: max(1, configuration.bufferedBatches),
            handler: rebalanceHandler,
            idleInterval: configuration.idleBatchInterval,
            logger: logger)
        let callbacks = RDKafkaCallbacks(logger: logger, onRebalance: { handle, error, partitions in
            core.rebalance(handle: handle, error: error, partitions: partitions)
        })
        let client = try RDKafkaClient(
            type: RD_KAFKA_CONSUMER,
            properties: configuration.librdkafkaProperties,
            callbacks: callbacks)
        rd_kafka_poll_set_consumer(client.handle)
        let queue = SendablePointer(rd_kafka_queue_get_consumer(client.handle)!)
        core.queue = queue
        self.client = client
        self.queue = queue
        self.core = core
        self.groupID = configuration.groupID
        self.logger = logger

        let maxBatch = max(1, configuration.maxBatchSize)
        self.pollThread = RDKafkaPollThread(
            name: "homeward.kafka.consumer",
            iteration: { stopping in
                core.fetch(client: client, queue: queue, maxBatch: maxBatch, stopping: stopping)
            },
            onExit: {
                core.closeOnConsumerThread(client: client, queue: queue)
            })
    }

    deinit {
        if !closed.isSet {
            core.requestClose(abandonInFlight: true)
            pollThread.requestStop()
            core.wakeConsumerThread()
        }
    }

    /// Joins the consumer group and subscribes to `topics`.
    ///
    /// - Throws: ``KafkaError`` if no group id was configured or librdkafka
    ///   refused the subscription.
    public func subscribe(to topics: [String]) throws(KafkaError) {
        guard groupID != nil else {
            throw KafkaError(operation: .assignment, code: 0,
                             message: "subscribe needs a consumer group: set KafkaConsumerConfiguration.groupID",
                             isRetriable: false)
        }
        let list = RDKafkaPartitionList.make(topics.map { (KafkaTopicPartition(topic: $0, partition: -1), Int64(RD_KAFKA_OFFSET_INVALID)) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let error = rd_kafka_subscribe(client.handle, list)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(operation: .assignment, code: error, context: "subscribe to \(topics)")
        }
    }

    /// Reads `partitions` without group management, each from the given
    /// offset (or the committed offset, or ``KafkaConsumerConfiguration/offsetReset``
    /// when absent). Replaces any previous manual assignment.
    public func assign(_ partitions: [KafkaTopicPartition], offsets: [KafkaTopicPartition: Int64] = [:]) throws(KafkaError) {
        try RDKafkaPartitionList.with(partitions.map { ($0, offsets[$0] ?? Int64(RD_KAFKA_OFFSET_INVALID)) }) { list throws(KafkaError) in
            let error = rd_kafka_assign(client.handle, list)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: .assignment, code: error, context: "assign \(partitions)")
            }
        }
        core.replaceAssignment(Set(partitions))
    }

    /// The partitions this consumer currently owns.
    public var assignment: [KafkaTopicPartition] { core.currentAssignment.sorted() }

    /// Whether a batch is fetched and waiting, so that asking for the next
    /// one returns without waiting (for work that can wait while input
    /// keeps coming, and should be done once it pauses).
    public var hasBufferedBatch: Bool { core.hasBufferedBatch }

    /// Hands the task waiting for records an empty batch at once, as the
    /// idle interval (``KafkaConsumerConfiguration/idleBatchInterval``) would
    /// after it passed: for work that came due without records, such as
    /// acknowledgements to act on. Without a waiting task, the next wait
    /// for records ends at once, with an empty batch unless records came;
    /// any batch delivered meanwhile serves instead.
    public func deliverEmptyBatch() { core.requestEmptyBatch() }

    /// The batches of records, in fetch order. Asking for the next batch
    /// finishes the previous one (see ``KafkaRebalanceHandler``). Ends after
    /// ``close()``; throws if the consumer failed fatally. Iterate once.
    public var batches: KafkaRecordBatches { KafkaRecordBatches(core: core) }

    /// Marks `record` and every earlier record of its partition processed:
    /// the next commit stores `record.offset + 1`.
    ///
    /// - Throws: ``KafkaError`` if the partition is no longer assigned (its
    ///   records will be processed again by its new owner).
    public func markProcessed(_ record: KafkaRecord) throws(KafkaError) {
        try KafkaConsumer.store([(record.topicPartition, record.offset + 1)], handle: client.handle)
    }

    /// Marks every record of `batch` processed.
    public func markProcessed(_ batch: KafkaRecordBatch) throws(KafkaError) {
        let entries = batch.lastOffsets.map { ($0.key, $0.value + 1) }
        guard !entries.isEmpty else { return }
        try KafkaConsumer.store(entries, handle: client.handle)
    }

    /// Marks the records of `partition` before `nextOffset` processed.
    public func markProcessed(_ partition: KafkaTopicPartition, upTo nextOffset: Int64) throws(KafkaError) {
        try KafkaConsumer.store([(partition, nextOffset)], handle: client.handle)
    }

    static func store(_ entries: [(KafkaTopicPartition, Int64)], handle: OpaquePointer) throws(KafkaError) {
        try RDKafkaPartitionList.with(entries) { list throws(KafkaError) in
            let error = rd_kafka_offsets_store(handle, list)
            let failed = RDKafkaPartitionList.entries(of: list).first { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }
            if error != RD_KAFKA_RESP_ERR_NO_ERROR || failed != nil {
                let code = failed?.error ?? error
                throw KafkaError(operation: .commit, code: code,
                                 context: "store offset for \(failed?.topicPartition.description ?? "\(entries.map(\.0))") (is it still assigned?)")
            }
        }
    }

    /// Commits every offset marked processed and waits for the coordinator.
    public func commit() async throws(KafkaError) {
        let handle = SendablePointer(client.handle)
        let error = await runOnDedicatedThread(name: "homeward.kafka.commit") {
            rd_kafka_commit(handle.pointer, nil, 0)
        }
        try KafkaConsumer.checkCommit(error)
    }

    static func checkCommit(_ error: rd_kafka_resp_err_t) throws(KafkaError) {
        // _NO_OFFSET: nothing new was marked since the last commit.
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
        throw KafkaError(operation: .commit, code: error, context: "commit")
    }

    static func committed(_ partitions: [KafkaTopicPartition], handle: OpaquePointer) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try RDKafkaPartitionList.with(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) }) { list throws(KafkaError) in
            let error = rd_kafka_committed(handle, list, 10_000)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: .commit, code: error, context: "fetch committed offsets")
            }
            var result: [KafkaTopicPartition: Int64] = [:]
            for entry in RDKafkaPartitionList.entries(of: list) where entry.offset >= 0 {
                result[entry.topicPartition] = entry.offset
            }
            return result
        }
    }

    /// The committed offsets (next offset to read) of `partitions`;
    /// partitions without one are absent.
    public func committedOffsets(for partitions: [KafkaTopicPartition]) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        let handle = SendablePointer(client.handle)
        let result = await runOnDedicatedThread(name: "homeward.kafka.committed") { () -> Result<[KafkaTopicPartition: Int64], KafkaError> in
            Result { () throws(KafkaError) in try KafkaConsumer.committed(partitions, handle: handle.pointer) }
        }
        return try result.get()
    }

    /// Stops fetching `partitions` until ``resume(_:)``. Records already
    /// buffered for them (at most `bufferedBatches` batches) still arrive.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try RDKafkaPartitionList.with(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) }) { list throws(KafkaError) in
            let error = rd_kafka_pause_partitions(client.handle, list)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: .assignment, code: error, context: "pause \(partitions)")
            }
        }
    }

    /// Resumes fetching paused `partitions`.
    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try RDKafkaPartitionList.with(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) }) { list throws(KafkaError) in
            let error = rd_kafka_resume_partitions(client.handle, list)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: .assignment, code: error, context: "resume \(partitions)")
            }
        }
    }

    /// Moves the position of `partition` to `offset`: the next batch of that
    /// partition starts there. Buffered records of the partition are discarded.
    public func seek(_ partition: KafkaTopicPartition, to offset: Int64) async throws(KafkaError) {
        let handle = SendablePointer(client.handle)
        let core = self.core
        let result: Result<Void, KafkaError> = await withCheckedContinuation { continuation in
            core.post {
                core.discardBuffered { $0 == partition }
                let outcome: Result<Void, KafkaError> = Result { () throws(KafkaError) in
                    try RDKafkaPartitionList.with([(partition, offset)]) { list throws(KafkaError) in
                        if let error = rd_kafka_seek_partitions(handle.pointer, list, 10_000) {
                            throw KafkaError(operation: .assignment, consuming: error)
                        }
                        if let failed = RDKafkaPartitionList.entries(of: list).first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                            throw KafkaError(operation: .assignment, code: failed.error, context: "seek \(partition) to \(offset)")
                        }
                    }
                }
                continuation.resume(returning: outcome)
            }
        }
        try result.get()
    }

    /// Lag per assigned partition from the broker's current high watermarks
    /// (one request per partition, on a dedicated thread). Unlike ``lag()``,
    /// it is exact for paused partitions, which are not being fetched.
    public func currentLag() async throws(KafkaError) -> [KafkaPartitionLag] {
        let cached = lag()
        let handle = SendablePointer(client.handle)
        let outcome = await runOnDedicatedThread(name: "homeward.kafka.watermarks") { () -> Result<[KafkaPartitionLag], KafkaError> in
            var result: [KafkaPartitionLag] = []
            for entry in cached {
                var low: Int64 = 0
                var high: Int64 = 0
                let error = rd_kafka_query_watermark_offsets(
                    handle.pointer, entry.topicPartition.topic, entry.topicPartition.partition, &low, &high, 5_000)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    return .failure(KafkaError(operation: .consume, code: error, context: "query watermarks of \(entry.topicPartition)"))
                }
                result.append(KafkaPartitionLag(topicPartition: entry.topicPartition, highWatermark: high, position: entry.position))
            }
            return .success(result)
        }
        return try outcome.get()
    }

    /// Lag per assigned partition: high watermark − position, from the
    /// watermarks last seen in fetch responses (cheap, for metrics; stale for
    /// paused partitions — see ``currentLag()``).
    public func lag() -> [KafkaPartitionLag] {
        let partitions = assignment
        guard !partitions.isEmpty else { return [] }
        let list = RDKafkaPartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        _ = rd_kafka_position(client.handle, list)
        return RDKafkaPartitionList.entries(of: list).map { entry in
            var low: Int64 = 0
            var high: Int64 = 0
            let error = rd_kafka_get_watermark_offsets(
                client.handle, entry.topicPartition.topic, entry.topicPartition.partition, &low, &high)
            return KafkaPartitionLag(
                topicPartition: entry.topicPartition,
                highWatermark: error == RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0 ? high : nil,
                position: entry.offset >= 0 ? entry.offset : nil)
        }
    }

    /// Leaves the group gracefully: stops handing out batches (``batches``
    /// ends), waits until the batch in hand is finished, runs the revocation
    /// handler, commits what was marked processed, and leaves.
    ///
    /// Called from the task that iterates ``batches`` (inside its loop), the
    /// batch in hand counts as finished: mark it processed before closing.
    public func close() async {
        guard closed.trip() else { return }
        let fromConsumingTask = withUnsafeCurrentTask { task in task.map { core.isConsumingTask($0.hashValue) } ?? false }
        core.requestClose(abandonInFlight: fromConsumingTask)
        pollThread.requestStop()
        core.wakeConsumerThread()
        await pollThread.join()
    }
}

/// The asynchronous sequence of a consumer's record batches.
public struct KafkaRecordBatches: AsyncSequence, Sendable {
    /// The element: one batch.
    public typealias Element = KafkaRecordBatch
    /// The failure: a fatal consumer error.
    public typealias Failure = any Error

    let core: ConsumerCore

    /// Creates the iterator; a consumer supports one iteration.
    public func makeAsyncIterator() -> Iterator { Iterator(core: core) }

    /// Hands out batches; asking for the next one finishes the previous one.
    public struct Iterator: AsyncIteratorProtocol {
        let core: ConsumerCore

        /// The next batch, or `nil` once the consumer is closed.
        public mutating func next() async throws -> KafkaRecordBatch? {
            try await core.next()
        }
    }
}

/// The consumer's shared state between its thread and Swift tasks.
///
/// `@unchecked Sendable`: every mutable field is guarded by `condition`
/// (an `NSCondition`), except `queue`, which is set once before the
/// consumer thread starts.
final class ConsumerCore: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [RDKafkaBatchStorage] = []
    /// The release of the batch the application holds (nil: none).
    private var inFlight: BatchRelease?
    private var waiter: CheckedContinuation<KafkaRecordBatch?, any Error>?
    private var jobs: [@Sendable () -> Void] = []
    private var finished = false
    private var closing = false
    private var closeRequested = false
    private var consumingTask: Int?
    private var failure: KafkaError?
    private var assigned: Set<KafkaTopicPartition> = []
    private let capacity: Int
    private let handler: (any KafkaRebalanceHandler)?
    private let logger: Logger
    private let idleInterval: Duration?
    private var lastDelivery = ContinuousClock.now
    /// An empty batch is wanted now (``KafkaConsumer/deliverEmptyBatch()``).
    private var emptyBatchRequested = false
    /// Set (under the lock) when `queue` is destroyed: it must not be woken after.
    private var queueDestroyed = false
    var queue: SendablePointer?

    init(capacity: Int, handler: (any KafkaRebalanceHandler)?, idleInterval: Duration?, logger: Logger) {
        self.capacity = capacity
        self.handler = handler
        self.idleInterval = idleInterval
        self.logger = logger
    }

    private func locked<R>(_ body: () throws -> R) rethrows -> R {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    // MARK: Swift side

    func next() async throws -> KafkaRecordBatch? {
        let task = withUnsafeCurrentTask { $0?.hashValue }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<KafkaRecordBatch?, any Error>) in
                condition.lock()
                inFlight = nil
                consumingTask = task
                // A task cancelled before it got here has already run the
                // cancellation handler, which found no waiter to resume.
                if closeRequested || Task.isCancelled {
                    condition.broadcast()
                    condition.unlock()
                    continuation.resume(returning: nil)
                    return
                }
                if !buffer.isEmpty {
                    let storage = buffer.removeFirst()
                    inFlight = storage.released
                    condition.broadcast()
                    condition.unlock()
                    continuation.resume(returning: KafkaRecordBatch(storage: storage))
                    return
                }
                condition.broadcast()
                if finished {
                    let failure = self.failure
                    condition.unlock()
                    if let failure { continuation.resume(throwing: failure) } else { continuation.resume(returning: nil) }
                    return
                }
                waiter = continuation
                // An empty batch was requested before this wait: get the consumer thread to deliver it.
                if emptyBatchRequested { wakeConsumerThreadLocked() }
                condition.unlock()
            }
        } onCancel: {
            let waiter = locked { () -> CheckedContinuation<KafkaRecordBatch?, any Error>? in
                defer { self.waiter = nil }
                return self.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Whether the application still holds the batch it was handed last.
    private var holdsBatch: Bool { !(inFlight?.isReleased ?? true) }

    func isConsumingTask(_ task: Int) -> Bool { locked { consumingTask == task } }

    /// Stops handing out batches; with `abandonInFlight`, the batch in hand
    /// counts as finished (the consuming task itself is closing, or nobody
    /// iterates any more).
    func requestClose(abandonInFlight: Bool) {
        let waiter = locked { () -> CheckedContinuation<KafkaRecordBatch?, any Error>? in
            closeRequested = true
            if abandonInFlight {
                closing = true
                inFlight = nil
            }
            buffer.removeAll()
            condition.broadcast()
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(returning: nil)
    }

    var currentAssignment: Set<KafkaTopicPartition> { locked { assigned } }

    var hasBufferedBatch: Bool { locked { !buffer.isEmpty } }

    func replaceAssignment(_ partitions: Set<KafkaTopicPartition>) {
        locked {
            let removed = assigned.subtracting(partitions)
            assigned = partitions
            discardBufferedLocked { removed.contains($0) }
        }
    }

    func requestEmptyBatch() {
        locked {
            emptyBatchRequested = true
            condition.broadcast()
            wakeConsumerThreadLocked()
        }
    }

    /// Ends the consumer thread's wait for records (a no-op once it has
    /// destroyed its queue on the way out).
    func wakeConsumerThread() { locked { wakeConsumerThreadLocked() } }

    /// ``wakeConsumerThread()`` with the lock held.
    private func wakeConsumerThreadLocked() {
        if !queueDestroyed, let queue { rd_kafka_queue_yield(queue.pointer) }
    }

    /// Queues `job` to run on the consumer thread.
    func post(_ job: @escaping @Sendable () -> Void) {
        locked {
            jobs.append(job)
            condition.broadcast()
            wakeConsumerThreadLocked()
        }
    }

    // MARK: Consumer thread

    private func runJobs() {
        let pending = locked { () -> [@Sendable () -> Void] in
            defer { jobs.removeAll() }
            return jobs
        }
        for job in pending { job() }
    }

    /// One iteration of the consumer thread; returns false to stop.
    func fetch(client: RDKafkaClient, queue: SendablePointer, maxBatch: Int, stopping: () -> Bool) -> Bool {
        runJobs()
        if stopping() { return false }
        let full = locked { () -> Bool in
            if (buffer.count >= capacity || closeRequested) && jobs.isEmpty {
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
                return true
            }
            return buffer.count >= capacity || closeRequested
        }
        if full { return true }

        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: maxBatch)
        // Take what is there without waiting; when nothing is, wait for the first
        // record only (a timed batch call waits out its timeout even after
        // records arrive, which would add up to 100 ms to every record's latency).
        var received = rd_kafka_consume_batch_queue(queue.pointer, 0, messages, maxBatch)
        if received == 0, let first = rd_kafka_consume_queue(queue.pointer, 100) {
            messages[0] = first
            let more = maxBatch > 1 ? rd_kafka_consume_batch_queue(queue.pointer, 0, messages + 1, maxBatch - 1) : 0
            received = 1 + max(0, more)
        }
        guard received > 0 else {
            messages.deallocate()
            deliverIdleBatchIfDue(client: client)
            return true
        }
        let owned = UnsafeMutableRawPointer(messages).assumingMemoryBound(to: UnsafeMutablePointer<rd_kafka_message_t>.self)
        let assignedNow = locked { assigned }
        var kept = 0
        var lastRkt: OpaquePointer? = nil
        var lastPartition: Int32 = -1
        var lastValid = false
        for index in 0..<received {
            let message = owned[index]
            let m = message.pointee
            if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(message)
                rd_kafka_message_destroy(message)
                continue
            }
            if m.rkt != lastRkt || m.partition != lastPartition {
                lastRkt = m.rkt
                lastPartition = m.partition
                lastValid = assignedNow.contains(
                    KafkaTopicPartition(topic: String(cString: rd_kafka_topic_name(m.rkt)), partition: m.partition))
            }
            guard lastValid else {
                // Fetched before a revocation took effect: its new owner reads it.
                rd_kafka_message_destroy(message)
                continue
            }
            owned[kept] = message
            kept += 1
        }
        guard kept > 0 else {
            messages.deallocate()
            return true
        }
        deliver(RDKafkaBatchStorage(messages: owned, count: kept, client: client))
        return true
    }

    private func report(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let m = message.pointee
        let text = String(cString: rd_kafka_err2str(m.err))
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if m.err == RD_KAFKA_RESP_ERR__FATAL {
            logger.critical("consumer failed fatally", metadata: ["error": "\(text)"])
            finish(failure: KafkaError(operation: .consume, code: m.err, context: "fatal consumer error"))
        } else if m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
            logger.warning("consumer error", metadata: [
                "error": "\(text)", "kafka.topic": "\(topic)", "kafka.partition": "\(m.partition)",
            ])
        }
    }

    /// Hands an empty batch to a waiting task after `idleInterval` without
    /// records, or at once when one was requested.
    private func deliverIdleBatchIfDue(client: RDKafkaClient) {
        let due = locked {
            let idle = emptyBatchRequested || idleInterval.map { ContinuousClock.now - lastDelivery >= $0 } ?? false
            return idle && waiter != nil && buffer.isEmpty
        }
        guard due else { return }
        let empty = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>>.allocate(capacity: 1)
        deliver(RDKafkaBatchStorage(messages: empty, count: 0, client: client))
    }

    private func deliver(_ storage: RDKafkaBatchStorage) {
        condition.lock()
        lastDelivery = ContinuousClock.now
        emptyBatchRequested = false
        if let waiter {
            self.waiter = nil
            inFlight = storage.released
            condition.unlock()
            waiter.resume(returning: KafkaRecordBatch(storage: storage))
        } else {
            buffer.append(storage)
            condition.unlock()
        }
    }

    func discardBuffered(where drop: (KafkaTopicPartition) -> Bool) {
        locked { discardBufferedLocked(where: drop) }
    }

    private func discardBufferedLocked(where drop: (KafkaTopicPartition) -> Bool) {
        for storage in buffer { storage.removeMessages(where: drop) }
        buffer.removeAll { $0.count == 0 }
    }

    private func finish(failure: KafkaError?) {
        let waiter = locked { () -> CheckedContinuation<KafkaRecordBatch?, any Error>? in
            finished = true
            if self.failure == nil { self.failure = failure }
            defer { self.waiter = nil }
            return self.waiter
        }
        if let failure { waiter?.resume(throwing: failure) } else { waiter?.resume(returning: nil) }
    }

    /// Waits until the application finished the batch it holds, running
    /// posted jobs meanwhile so that it cannot deadlock on them.
    private func waitForInFlight() {
        var waited = 0
        while true {
            runJobs()
            let done = locked { () -> Bool in
                if !holdsBatch || closing { return true }
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
                return !holdsBatch || closing
            }
            if done { return }
            waited += 1
            if waited % 200 == 0 {
                logger.warning("rebalance waits for the application to finish its batch", metadata: ["waited.s": "\(waited / 20)"])
            }
        }
    }

    func rebalance(handle: OpaquePointer, error: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let list = RDKafkaPartitionList.entries(of: partitions).map(\.topicPartition)
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let context = KafkaRebalanceContext(handle: SendablePointer(handle), core: self)
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            locked { assigned.formUnion(list) }
            logger.info("partitions assigned", metadata: ["kafka.partitions": "\(list.count)"])
            handler?.partitionsAssigned(list, consumer: context)
            let starts = context.startOffsets.withLock { $0 }
            if !starts.isEmpty {
                for index in 0..<Int(partitions.pointee.cnt) {
                    let element = partitions.pointee.elems[index]
                    let tp = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                    if let offset = starts[tp] { partitions.pointee.elems[index].offset = offset }
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, partitions) {
                    logger.error("incremental assign failed", metadata: ["error": "\(KafkaError(operation: .assignment, consuming: error))"])
                }
            } else {
                rd_kafka_assign(handle, partitions)
            }
            // Where state was restored past the committed offset (a crash
            // after the state was written, before the commit), commit that
            // position too: otherwise a partition with nothing left to read
            // would show the old lag until new records arrive.
            if !starts.isEmpty {
                do { try KafkaConsumer.store(starts.map { ($0.key, $0.value) }, handle: handle) } catch {
                    logger.error("marking restored positions failed", metadata: ["error": "\(error)"])
                }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(handle) != 0
            let revoked = Set(list)
            locked {
                assigned.subtract(revoked)
                discardBufferedLocked { revoked.contains($0) }
            }
            waitForInFlight()
            logger.info("partitions revoked", metadata: ["kafka.partitions": "\(list.count)", "lost": "\(lost)"])
            handler?.partitionsRevoked(list, lost: lost, consumer: context)
            if !lost {
                do { try KafkaConsumer.checkCommit(rd_kafka_commit(handle, nil, 0)) } catch {
                    logger.error("commit on revocation failed", metadata: ["error": "\(error)"])
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, partitions) {
                    logger.error("incremental unassign failed", metadata: ["error": "\(KafkaError(operation: .assignment, consuming: error))"])
                }
            } else {
                rd_kafka_assign(handle, nil)
            }
        default:
            logger.error("rebalance failed", metadata: ["error": "\(String(cString: rd_kafka_err2str(error)))"])
            locked { assigned.removeAll() }
            rd_kafka_assign(handle, nil)
        }
    }

    func closeOnConsumerThread(client: RDKafkaClient, queue: SendablePointer) {
        waitForInFlight()
        locked { closing = true }
        let error = rd_kafka_consumer_close(client.handle)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("consumer close", metadata: ["error": "\(String(cString: rd_kafka_err2str(error)))"])
        }
        locked {
            buffer.removeAll()
            assigned.removeAll()
        }
        runJobs()
        finish(failure: nil)
        locked {
            queueDestroyed = true
            rd_kafka_queue_destroy(queue.pointer)
        }
    }
}
