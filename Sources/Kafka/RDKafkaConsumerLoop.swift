import CRdkafka
import Foundation
import Logging

/// The IO shell around ``ConsumerStateMachine``: the consumer thread's loop
/// over librdkafka (fetch, rebalance, close) and the door through which Swift
/// tasks ask for batches.
///
/// Every event takes the lock, hands the event to the state machine, and
/// performs the action it returns: resume the waiting task (outside the
/// lock), wait on the condition, wake or destroy the consumer queue. The
/// consumer thread waits on the condition in two places: while the buffer is
/// full, and while a rebalance or the close waits for the application to
/// finish its batch in hand (a batch's release does not signal, so both waits
/// are short and polled).
///
/// `@unchecked Sendable`: `machine` is read and written only with
/// `condition` (an `NSCondition`) locked; `queue` is set once, before the
/// consumer thread starts; the other properties are immutable and Sendable.
final class RDKafkaConsumerLoop: @unchecked Sendable {
    typealias Machine = ConsumerStateMachine<RDKafkaBatchStorage, CheckedContinuation<KafkaRecordBatch?, any Error>>

    private let condition = NSCondition()
    private var machine: Machine
    let handler: (any KafkaRebalanceHandler)?
    let logger: Logger
    /// The consumer queue; set once, before the consumer thread starts.
    var queue: SendablePointer?

    init(capacity: Int, handler: (any KafkaRebalanceHandler)?, logger: Logger) {
        self.machine = Machine(capacity: capacity)
        self.handler = handler
        self.logger = logger
    }

    /// Runs `body` on the state machine with the lock held.
    func locked<R>(_ body: (inout Machine) throws -> R) rethrows -> R {
        condition.lock()
        defer { condition.unlock() }
        return try body(&machine)
    }

    private func perform(_ action: Machine.WaiterAction) {
        switch action {
        case .none: break
        case .deliver(let storage, let waiter): waiter.resume(returning: KafkaRecordBatch(storage: storage))
        case .end(let waiter): waiter.resume(returning: nil)
        case .fail(let waiter, let failure): waiter.resume(throwing: failure)
        }
    }

    // MARK: Swift side

    /// The next batch for the consuming task; see ``KafkaRecordBatches``.
    func next() async throws -> KafkaRecordBatch? {
        let task = withUnsafeCurrentTask { $0?.hashValue }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<KafkaRecordBatch?, any Error>) in
                let action = locked { machine in
                    // The batch in hand is finished, and a buffered one may
                    // leave: end the consumer thread's waits for either.
                    condition.broadcast()
                    return machine.next(continuation, task: task, isCancelled: Task.isCancelled)
                }
                switch action {
                case .deliver(let storage): continuation.resume(returning: KafkaRecordBatch(storage: storage))
                case .wait: break
                case .end: continuation.resume(returning: nil)
                case .fail(let failure): continuation.resume(throwing: failure)
                }
            }
        } onCancel: {
            perform(locked { $0.cancelWaiting() })
        }
    }

    func isConsumingTask(_ task: Int) -> Bool { locked { $0.isConsumingTask(task) } }

    /// Stops handing out batches; see ``ConsumerStateMachine/requestClose(abandoningBatchInHand:)``.
    func requestClose(abandoningBatchInHand abandon: Bool) {
        perform(locked { machine in
            condition.broadcast()
            return machine.requestClose(abandoningBatchInHand: abandon)
        })
    }

    var currentAssignment: Set<KafkaTopicPartition> { locked { $0.assignment } }

    func replaceAssignment(_ partitions: Set<KafkaTopicPartition>) {
        locked { $0.assignmentReplaced(by: partitions) }
    }

    func discardBuffered(where drop: (KafkaTopicPartition) -> Bool) {
        locked { $0.discardBuffered(where: drop) }
    }

    /// Ends the consumer thread's wait for records (a no-op once it has
    /// destroyed its queue on the way out).
    func wakeConsumerThread() { locked { wakeConsumerThread($0) } }

    /// ``wakeConsumerThread()`` with the lock held.
    private func wakeConsumerThread(_ machine: Machine) {
        if machine.mayWakeQueue, let queue { rd_kafka_queue_yield(queue.pointer) }
    }

    /// Runs `job` on the consumer thread (or, once that has ended, on a
    /// thread of its own).
    func post(_ job: @escaping @Sendable () -> Void) {
        let action = locked { machine in
            let action = machine.post(job)
            if case .wakeConsumerThread = action {
                condition.broadcast()
                wakeConsumerThread(machine)
            }
            return action
        }
        if case .runOnOwnThread(let job) = action { Thread.detachNewThread(job) }
    }

    // MARK: Consumer thread

    func runPostedJobs() {
        for job in locked({ $0.takePostedJobs() }) { job() }
    }

    /// One iteration of the consumer thread; returns false to stop.
    func fetch(client: RDKafkaClient, queue: SendablePointer, maxBatch: Int, stopping: () -> Bool) -> Bool {
        runPostedJobs()
        if stopping() { return false }
        let mayFetch = locked { machine in
            switch machine.fetchAction() {
            case .fetch:
                return true
            case .runPostedJobs:
                return false
            case .waitForRoom:
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
                return false
            }
        }
        guard mayFetch else { return true }
        if let storage = consume(queue: queue, maxBatch: maxBatch, client: client) {
            perform(locked { $0.batchFetched(storage) })
        }
        return true
    }

    /// Takes up to `maxBatch` records from the queue, keeping those of
    /// assigned partitions; nil if none came within 100 ms.
    private func consume(queue: SendablePointer, maxBatch: Int, client: RDKafkaClient) -> RDKafkaBatchStorage? {
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
        let owned = UnsafeMutableRawPointer(messages).assumingMemoryBound(to: UnsafeMutablePointer<rd_kafka_message_t>.self)
        let kept = received > 0 ? keepAssigned(owned, count: received) : 0
        guard kept > 0 else {
            messages.deallocate()
            return nil
        }
        return RDKafkaBatchStorage(messages: owned, count: kept, client: client)
    }

    /// Moves the records of assigned partitions to the front of `messages`
    /// and destroys the rest (errors, after reporting them); returns how
    /// many were kept.
    private func keepAssigned(_ messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>>, count: Int) -> Int {
        let assigned = currentAssignment
        var kept = 0
        var lastRkt: OpaquePointer? = nil
        var lastPartition: Int32 = -1
        var lastValid = false
        for index in 0..<count {
            let message = messages[index]
            let m = message.pointee
            if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(message)
                rd_kafka_message_destroy(message)
                continue
            }
            if m.rkt != lastRkt || m.partition != lastPartition {
                lastRkt = m.rkt
                lastPartition = m.partition
                lastValid = assigned.contains(
                    KafkaTopicPartition(topic: String(cString: rd_kafka_topic_name(m.rkt)), partition: m.partition))
            }
            guard lastValid else {
                // Fetched before a revocation took effect: its new owner reads it.
                rd_kafka_message_destroy(message)
                continue
            }
            messages[kept] = message
            kept += 1
        }
        return kept
    }

    private func report(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let m = message.pointee
        let text = String(cString: rd_kafka_err2str(m.err))
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if m.err == RD_KAFKA_RESP_ERR__FATAL {
            logger.critical("consumer failed fatally", metadata: ["error": "\(text)"])
            let failure = KafkaError(operation: .consume, code: m.err, context: "fatal consumer error")
            perform(locked { $0.failed(failure) })
        } else if m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
            logger.warning("consumer error", metadata: [
                "error": "\(text)", "kafka.topic": "\(topic)", "kafka.partition": "\(m.partition)",
            ])
        }
    }

    /// Waits until the application finished the batch it holds, running
    /// posted jobs meanwhile so that it cannot deadlock on them.
    func waitForBatchInHand() {
        var waits = 0
        while true {
            runPostedJobs()
            let proceed = locked { machine in
                guard case .waitForApplication = machine.checkBatchInHand() else { return true }
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
                return false
            }
            if proceed { return }
            waits += 1
            if waits % 200 == 0 {
                logger.warning("rebalance waits for the application to finish its batch", metadata: ["waited.s": "\(waits / 20)"])
            }
        }
    }

    /// The consumer thread's last step: waits for the batch in hand, leaves
    /// the group, and destroys the queue.
    func closeOnConsumerThread(client: RDKafkaClient, queue: SendablePointer) {
        waitForBatchInHand()
        perform(locked { $0.consumerThreadCloses() })
        let error = rd_kafka_consumer_close(client.handle)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("consumer close", metadata: ["error": "\(String(cString: rd_kafka_err2str(error)))"])
        }
        let jobs = locked { machine in
            let jobs = machine.consumerClosed()
            // Under the lock: a wake (rd_kafka_queue_yield) must not race the destruction.
            rd_kafka_queue_destroy(queue.pointer)
            return jobs
        }
        for job in jobs { job() }
    }
}
