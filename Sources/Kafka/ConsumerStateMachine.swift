/// What ``ConsumerStateMachine`` needs of a fetched batch.
///
/// A class: the machine drops records of revoked partitions from a batch
/// while it is buffered, and the batch's ``released`` flag is set by the
/// batch itself when the application lets go of it.
protocol FetchedBatch: AnyObject {
    /// How many records the batch holds.
    var count: Int { get }
    /// Set once the application no longer holds the batch or any of its records.
    var released: BatchRelease { get }
    /// Drops the records whose partition `drop` names; only while buffered.
    func removeRecords(where drop: (KafkaTopicPartition) -> Bool)
}

/// The life of a ``KafkaConsumer``, from handing out batches to closed.
///
/// Two sides meet here. The consuming task asks for batches (``next(_:task:isCancelled:)``),
/// may be cancelled, and may close the consumer. The consumer thread fetches
/// batches into a bounded buffer, runs rebalances (which wait until the
/// application has finished the batch in hand, and drop the buffered records
/// of revoked partitions), and closes the librdkafka consumer at the end.
///
/// The machine is a value: each method takes one event, changes the state
/// and returns what the IO shell (``RDKafkaConsumerLoop``) must do — resume
/// the waiting task, wait on its condition, destroy the queue. It touches no
/// librdkafka handle, lock or thread, so its behaviour is tested without a
/// broker. The shell calls it with its lock held.
///
/// Batches are classes, so a buffered batch may be changed in place (records
/// of revoked partitions are dropped) without copying the state.
struct ConsumerStateMachine<Batch: FetchedBatch, Waiter> {
    /// Work posted for the consumer thread (a seek), run between fetches and
    /// while a rebalance waits for the batch in hand.
    typealias Job = @Sendable () -> Void

    /// Where the consumer is in its life.
    enum State {
        /// Handing out batches: fetched ones wait in `buffer` (at most
        /// `capacity`), the consuming task may be waiting for one, and the
        /// application may still hold the batch it was handed last.
        case running(buffer: [Batch], waiter: Waiter?, inHand: BatchRelease?)
        /// A fatal error happened: the batches already buffered are still
        /// handed out, then every request for a batch throws `failure`.
        case failed(buffer: [Batch], inHand: BatchRelease?, failure: KafkaError)
        /// `close()` was called: the sequence of batches has ended. The
        /// consumer thread closes once the batch in hand is finished (`nil`:
        /// none, or abandoned because the consuming task itself closed).
        case closeRequested(inHand: BatchRelease?)
        /// The consumer thread is leaving the group: the revocation this
        /// brings runs at once, without waiting for any batch.
        case closing
        /// The consumer has left its group and its thread has ended; its
        /// queue is destroyed, so nothing may wake it any more.
        case closed
    }

    /// What to do with the task waiting for a batch.
    enum WaiterAction {
        /// No task waits, or the event does not concern it.
        case none
        /// Resume the task with `batch`, which becomes the batch in hand.
        case deliver(Batch, to: Waiter)
        /// Resume the task with the end of the sequence (`nil`).
        case end(Waiter)
        /// Resume the task by throwing the consumer's fatal error.
        case fail(Waiter, KafkaError)
    }

    /// What the consuming task gets when it asks for the next batch.
    enum NextAction {
        /// This batch, now the batch in hand.
        case deliver(Batch)
        /// Nothing yet: the machine keeps the task's waiter until a batch,
        /// a failure, a close or a cancellation comes.
        case wait
        /// The end of the sequence (`nil`).
        case end
        /// The consumer's fatal error.
        case fail(KafkaError)
    }

    /// What the consumer thread does next in its loop.
    enum FetchAction {
        /// Fetch records from librdkafka.
        case fetch
        /// Run the posted jobs first: the buffer is full or the consumer is
        /// closing, but work waits.
        case runPostedJobs
        /// Wait (briefly, on the condition) for the application to take a
        /// batch: the buffer is full, or the consumer is closing.
        case waitForRoom
    }

    /// What a rebalance or a close does about the batch in hand.
    enum BatchInHandAction {
        /// Go on: the application has finished its batch, or holds none, or
        /// the consumer is closing.
        case proceed
        /// Wait for the application to ask for its next batch or to let go
        /// of the one it holds.
        case waitForApplication
    }

    /// Where a posted job runs.
    enum PostAction {
        /// On the consumer thread: wake it, so the job does not wait for a fetch.
        case wakeConsumerThread
        /// The consumer thread has ended: on a thread of its own.
        case runOnOwnThread(Job)
    }

    /// The current state.
    private(set) var state: State = .running(buffer: [], waiter: nil, inHand: nil)
    /// The partitions the consumer owns; fetched records of others are dropped.
    private(set) var assignment: Set<KafkaTopicPartition> = []
    /// How many fetched batches may wait for the application.
    let capacity: Int
    private var jobs: [Job] = []
    /// The task that asked for a batch last (its hash value).
    private var consumingTask: Int?

    /// A machine whose buffer holds at most `capacity` batches (at least one).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: The consuming task

    /// The consuming task `task` asks for the next batch, which finishes the
    /// batch it held. A task cancelled before it asks gets the end of the
    /// sequence (its cancellation found no waiter to end).
    mutating func next(_ waiter: Waiter, task: Int?, isCancelled: Bool) -> NextAction {
        consumingTask = task
        switch state {
        case .running(var buffer, _, _):
            if isCancelled {
                state = .running(buffer: buffer, waiter: nil, inHand: nil)
                return .end
            }
            guard !buffer.isEmpty else {
                state = .running(buffer: buffer, waiter: waiter, inHand: nil)
                return .wait
            }
            let batch = buffer.removeFirst()
            state = .running(buffer: buffer, waiter: nil, inHand: batch.released)
            return .deliver(batch)
        case .failed(var buffer, _, let failure):
            if isCancelled {
                state = .failed(buffer: buffer, inHand: nil, failure: failure)
                return .end
            }
            guard !buffer.isEmpty else {
                state = .failed(buffer: buffer, inHand: nil, failure: failure)
                return .fail(failure)
            }
            let batch = buffer.removeFirst()
            state = .failed(buffer: buffer, inHand: batch.released, failure: failure)
            return .deliver(batch)
        case .closeRequested:
            state = .closeRequested(inHand: nil)
            return .end
        case .closing, .closed:
            return .end
        }
    }

    /// The waiting task was cancelled: its wait ends with the end of the sequence.
    mutating func cancelWaiting() -> WaiterAction {
        guard case .running(let buffer, let waiter?, let inHand) = state else { return .none }
        state = .running(buffer: buffer, waiter: nil, inHand: inHand)
        return .end(waiter)
    }

    /// Whether `task` is the one that asked for a batch last.
    func isConsumingTask(_ task: Int) -> Bool { consumingTask == task }

    /// `close()` was called: the sequence ends and the buffered batches are
    /// dropped. With `abandon` (the consuming task itself is closing, or
    /// nobody iterates any more) the batch in hand counts as finished;
    /// without, the consumer thread waits for it before it closes.
    mutating func requestClose(abandoningBatchInHand abandon: Bool) -> WaiterAction {
        switch state {
        case .running(_, let waiter, let inHand):
            state = .closeRequested(inHand: abandon ? nil : inHand)
            return waiter.map { .end($0) } ?? .none
        case .failed(_, let inHand, _), .closeRequested(let inHand):
            state = .closeRequested(inHand: abandon ? nil : inHand)
            return .none
        case .closing, .closed:
            return .none
        }
    }

    // MARK: Posted jobs

    /// Queues `job` for the consumer thread.
    mutating func post(_ job: @escaping Job) -> PostAction {
        if case .closed = state { return .runOnOwnThread(job) }
        jobs.append(job)
        return .wakeConsumerThread
    }

    /// The jobs posted since the last call, for the consumer thread to run.
    mutating func takePostedJobs() -> [Job] {
        defer { jobs.removeAll() }
        return jobs
    }

    /// Whether the consumer's queue may be woken: it exists until ``consumerClosed()``.
    var mayWakeQueue: Bool {
        if case .closed = state { return false }
        return true
    }

    // MARK: The consumer thread

    /// What the consumer thread does next: fetch while the buffer has room
    /// and the consumer runs.
    func fetchAction() -> FetchAction {
        switch state {
        case .running(let buffer, _, _), .failed(let buffer, _, _):
            if buffer.count < capacity { return .fetch }
        case .closeRequested, .closing, .closed:
            break
        }
        return jobs.isEmpty ? .waitForRoom : .runPostedJobs
    }

    /// The consumer thread fetched `batch` (of assigned partitions only):
    /// to the waiting task at once, else into the buffer. After a close
    /// request it is dropped.
    mutating func batchFetched(_ batch: Batch) -> WaiterAction {
        switch state {
        case .running(var buffer, let waiter, let inHand):
            if let waiter {
                state = .running(buffer: buffer, waiter: nil, inHand: batch.released)
                return .deliver(batch, to: waiter)
            }
            buffer.append(batch)
            state = .running(buffer: buffer, waiter: nil, inHand: inHand)
            return .none
        case .failed(var buffer, let inHand, let failure):
            buffer.append(batch)
            state = .failed(buffer: buffer, inHand: inHand, failure: failure)
            return .none
        case .closeRequested, .closing, .closed:
            return .none
        }
    }

    /// librdkafka reported a fatal error: the consumer hands out what it has
    /// buffered, then `failure`. The first failure is the one reported.
    mutating func failed(_ failure: KafkaError) -> WaiterAction {
        guard case .running(let buffer, let waiter, let inHand) = state else { return .none }
        state = .failed(buffer: buffer, inHand: inHand, failure: failure)
        return waiter.map { .fail($0, failure) } ?? .none
    }

    /// Whether a rebalance or the close may go on past the batch in hand.
    /// Once the application let go of it, it no longer counts.
    mutating func checkBatchInHand() -> BatchInHandAction {
        switch state {
        case .running(let buffer, let waiter, let inHand?):
            guard inHand.isReleased else { return .waitForApplication }
            state = .running(buffer: buffer, waiter: waiter, inHand: nil)
        case .failed(let buffer, let inHand?, let failure):
            guard inHand.isReleased else { return .waitForApplication }
            state = .failed(buffer: buffer, inHand: nil, failure: failure)
        case .closeRequested(let inHand?):
            guard inHand.isReleased else { return .waitForApplication }
            state = .closeRequested(inHand: nil)
        case .running, .failed, .closeRequested, .closing, .closed:
            break
        }
        return .proceed
    }

    /// The group gave the consumer `partitions`.
    mutating func assigned(_ partitions: [KafkaTopicPartition]) {
        assignment.formUnion(partitions)
    }

    /// `partitions` are about to move away: they leave the assignment and
    /// their buffered records are dropped (their new owner reads them).
    mutating func revoked(_ partitions: Set<KafkaTopicPartition>) {
        assignment.subtract(partitions)
        discardBuffered { partitions.contains($0) }
    }

    /// A rebalance failed: the consumer owns nothing until the next one.
    mutating func assignmentLost() {
        assignment.removeAll()
    }

    /// A manual assignment replaced the previous one: buffered records of
    /// partitions no longer assigned are dropped.
    mutating func assignmentReplaced(by partitions: Set<KafkaTopicPartition>) {
        let removed = assignment.subtracting(partitions)
        assignment = partitions
        discardBuffered { removed.contains($0) }
    }

    /// Drops the buffered records whose partition `drop` names, and the
    /// batches left empty.
    mutating func discardBuffered(where drop: (KafkaTopicPartition) -> Bool) {
        switch state {
        case .running(var buffer, let waiter, let inHand):
            Self.discard(from: &buffer, where: drop)
            state = .running(buffer: buffer, waiter: waiter, inHand: inHand)
        case .failed(var buffer, let inHand, let failure):
            Self.discard(from: &buffer, where: drop)
            state = .failed(buffer: buffer, inHand: inHand, failure: failure)
        case .closeRequested, .closing, .closed:
            break
        }
    }

    private static func discard(from buffer: inout [Batch], where drop: (KafkaTopicPartition) -> Bool) {
        for batch in buffer { batch.removeRecords(where: drop) }
        buffer.removeAll { $0.count == 0 }
    }

    /// The consumer thread starts leaving the group: from now on nothing
    /// waits for the batch in hand, and nothing more is handed out.
    mutating func consumerThreadCloses() -> WaiterAction {
        let waiter: Waiter?
        switch state {
        case .running(_, let running, _): waiter = running
        case .failed, .closeRequested, .closing: waiter = nil
        case .closed: return .none
        }
        state = .closing
        return waiter.map { .end($0) } ?? .none
    }

    /// The consumer has left its group: it owns nothing, and its queue is to
    /// be destroyed. Returns the jobs posted until now, for the shell to run
    /// once the queue is gone; later jobs run on threads of their own.
    mutating func consumerClosed() -> [Job] {
        state = .closed
        assignment.removeAll()
        return takePostedJobs()
    }
}

extension ConsumerStateMachine.WaiterAction: Equatable where Batch: Equatable, Waiter: Equatable {}
extension ConsumerStateMachine.NextAction: Equatable where Batch: Equatable {}
