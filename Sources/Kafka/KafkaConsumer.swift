import CRdkafka
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
    private let loop: RDKafkaConsumerLoop
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
        logger: Logger = Logger(label: "kafka.consumer")
    ) throws(KafkaError) {
        let loop = RDKafkaConsumerLoop(
            capacity: configuration.bufferedBatches,
            handler: rebalanceHandler,
            logger: logger)
        let callbacks = RDKafkaCallbacks(logger: logger, onRebalance: { handle, error, partitions in
            loop.rebalance(handle: handle, error: error, partitions: partitions)
        })
        let client = try RDKafkaClient(
            type: RD_KAFKA_CONSUMER,
            properties: configuration.librdkafkaProperties,
            callbacks: callbacks)
        rd_kafka_poll_set_consumer(client.handle)
        let queue = SendablePointer(rd_kafka_queue_get_consumer(client.handle)!)
        loop.queue = queue
        self.client = client
        self.loop = loop
        self.groupID = configuration.groupID
        self.logger = logger

        let maxBatch = max(1, configuration.maxBatchSize)
        self.pollThread = RDKafkaPollThread(
            name: "kafka.consumer",
            iteration: { stopping in
                loop.fetch(client: client, queue: queue, maxBatch: maxBatch, stopping: stopping)
            },
            onExit: {
                loop.closeOnConsumerThread(client: client, queue: queue)
            })
    }

    deinit {
        if !closed.isSet {
            loop.requestClose(abandoningBatchInHand: true)
            pollThread.requestStop()
            loop.wakeConsumerThread()
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
        loop.replaceAssignment(Set(partitions))
    }

    /// The partitions this consumer currently owns.
    public var assignment: [KafkaTopicPartition] { loop.currentAssignment.sorted() }

    /// The batches of records, in fetch order; every batch holds at least
    /// one record. Asking for the next batch finishes the previous one (see
    /// ``KafkaRebalanceHandler``). Ends after ``close()``; throws if the
    /// consumer failed fatally. Iterate once.
    public var batches: KafkaRecordBatches { KafkaRecordBatches(loop: loop) }

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
        let error = await runOnDedicatedThread(name: "kafka.commit") {
            rd_kafka_commit(handle.pointer, nil, 0)
        }
        try KafkaConsumer.checkCommit(error)
    }

    /// Commits `offsets` (per partition, the next offset to read) for the
    /// consumer's group and waits for the coordinator, whatever was marked
    /// processed: to move a group's position, not to record progress.
    ///
    /// A group member commits as itself. A consumer that did not subscribe
    /// commits as an outsider, which a broker accepts only while the group
    /// has no members (the embedded broker: only while the group does not
    /// exist yet).
    ///
    /// - Throws: ``KafkaError`` (`.commit`) with the coordinator's reason,
    ///   e.g. `UNKNOWN_MEMBER_ID` for an outsider while the group has members.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let handle = SendablePointer(client.handle)
        let entries = offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let outcome = await runOnDedicatedThread(name: "kafka.commit") { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try RDKafkaPartitionList.with(entries) { list throws(KafkaError) in
                    let error = rd_kafka_commit(handle.pointer, list, 0)
                    guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                        throw KafkaError(operation: .commit, code: error, context: "commit \(entries.count) offsets")
                    }
                    if let failed = RDKafkaPartitionList.entries(of: list).first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                        throw KafkaError(operation: .commit, code: failed.error, context: "commit the offset of \(failed.topicPartition)")
                    }
                }
            }
        }
        try outcome.get()
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
        let result = await runOnDedicatedThread(name: "kafka.committed") { () -> Result<[KafkaTopicPartition: Int64], KafkaError> in
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
        let loop = self.loop
        let result: Result<Void, KafkaError> = await withCheckedContinuation { continuation in
            loop.post {
                loop.discardBuffered { $0 == partition }
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
        let outcome = await runOnDedicatedThread(name: "kafka.watermarks") { () -> Result<[KafkaPartitionLag], KafkaError> in
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
        let fromConsumingTask = withUnsafeCurrentTask { task in task.map { loop.isConsumingTask($0.hashValue) } ?? false }
        loop.requestClose(abandoningBatchInHand: fromConsumingTask)
        pollThread.requestStop()
        loop.wakeConsumerThread()
        await pollThread.join()
    }
}
