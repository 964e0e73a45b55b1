import CRdkafka
import Foundation
import Logging

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
    /// Set (under the lock) when `queue` is destroyed: it must not be woken after.
    private var queueDestroyed = false
    var queue: SendablePointer?

    init(capacity: Int, handler: (any KafkaRebalanceHandler)?, logger: Logger) {
        self.capacity = capacity
        self.handler = handler
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

    func replaceAssignment(_ partitions: Set<KafkaTopicPartition>) {
        locked {
            let removed = assigned.subtracting(partitions)
            assigned = partitions
            discardBufferedLocked { removed.contains($0) }
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

    private func deliver(_ storage: RDKafkaBatchStorage) {
        condition.lock()
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
