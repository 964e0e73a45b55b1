import Synchronization

/// The one source of events a worker's loop waits on: records arrived,
/// effects acknowledged, a timer due, an asynchronous effect completed, a
/// revocation, stop.
///
/// The loop asks for the next event and handles it; everything else only
/// puts events in. Events come out in the order they went in. A wake-up
/// that carries nothing (acknowledged, timer due) is not queued twice: one
/// waiting is as good as two. No other event is lost or repeated: every
/// batch, completion, revocation and stop put in before ``close()`` comes
/// out exactly once; after it, they are dropped (a revocation released, so
/// that the consumer's thread goes on). Batches are bounded:
/// ``deliver(_:)`` returns once fewer than `batchCapacity` batches wait, so
/// the feeding task stays at most that far ahead of the loop, and
/// ``hasQueuedBatch`` tells the loop whether more input waits. Timers and
/// watches are single: at most one timer and one acknowledgement watch are
/// armed at a time, so a loop that re-arms them on every event never piles
/// up tasks or wakes up more often than they come due.
final class WorkerEvents<Batch: Sendable, Completion: Sendable>: Sendable {
    typealias Event = WorkerEvent<Batch, Completion>

    private struct State {
        var queue: [Event] = []
        var queuedBatches = 0
        /// The loop, waiting for an event (only while the queue is empty).
        var loop: CheckedContinuation<Event?, Never>?
        /// A ``deliver(_:)`` waiting for room.
        var feeder: CheckedContinuation<Bool, Never>?
        var timer: (deadline: ContinuousClock.Instant, generation: UInt64, task: Task<Void, Never>)?
        var timerGeneration: UInt64 = 0
        var watching = false
        var closed = false
    }

    /// What to do once the lock is released.
    private struct Resumption {
        var loop: (CheckedContinuation<Event?, Never>, Event?)?
        var feeder: (CheckedContinuation<Bool, Never>, Bool)?

        func perform() {
            if let (continuation, event) = loop { continuation.resume(returning: event) }
            if let (continuation, taken) = feeder { continuation.resume(returning: taken) }
        }
    }

    private let state = Mutex(State())
    /// How many batches may wait before ``deliver(_:)`` waits too.
    let batchCapacity: Int

    /// An open source; ``deliver(_:)`` waits while `batchCapacity` batches wait.
    init(batchCapacity: Int = 2) {
        precondition(batchCapacity > 0, "a worker's events must hold at least one batch")
        self.batchCapacity = batchCapacity
    }

    /// The next event, waiting for one; nil once closed. One task asks.
    func next() async -> Event? {
        await withCheckedContinuation { continuation in
            var resumption = Resumption()
            state.withLock { state in
                if !state.queue.isEmpty {
                    let event = state.queue.removeFirst()
                    resumption.loop = (continuation, event)
                    if event.isRecords {
                        state.queuedBatches -= 1
                        if let feeder = state.feeder {
                            state.feeder = nil
                            resumption.feeder = (feeder, true)
                        }
                    }
                } else if state.closed {
                    resumption.loop = (continuation, nil)
                } else {
                    state.loop = continuation
                }
            }
            resumption.perform()
        }
    }

    /// Whether a batch of records waits: more input is at hand.
    var hasQueuedBatch: Bool { queuedBatches > 0 }

    /// How many batches of records wait.
    var queuedBatches: Int { state.withLock { $0.queuedBatches } }

    /// Puts a batch in; returns once fewer than `batchCapacity` batches
    /// wait (true), or once the source is closed (false: the batch is
    /// dropped). One task delivers.
    func deliver(_ batch: Batch) async -> Bool {
        await withCheckedContinuation { continuation in
            var resumption = Resumption()
            state.withLock { state in
                if state.closed {
                    resumption.feeder = (continuation, false)
                } else if let loop = state.loop {
                    state.loop = nil
                    resumption.loop = (loop, .records(batch))
                    resumption.feeder = (continuation, true)
                } else {
                    state.queue.append(.records(batch))
                    state.queuedBatches += 1
                    if state.queuedBatches < batchCapacity {
                        resumption.feeder = (continuation, true)
                    } else {
                        state.feeder = continuation
                    }
                }
            }
            resumption.perform()
        }
    }

    /// Puts an event in (not records: see ``deliver(_:)``); false if the
    /// source is closed and the event was dropped.
    @discardableResult
    func post(_ event: Event) -> Bool {
        precondition(!event.isRecords, "records are delivered, with back-pressure")
        var resumption = Resumption()
        let accepted = state.withLock { state -> Bool in
            if state.closed { return false }
            if let loop = state.loop {
                state.loop = nil
                resumption.loop = (loop, event)
            } else if !(event.isWakeUp && state.queue.contains { $0.isSameWakeUp(as: event) }) {
                state.queue.append(event)
            }
            return true
        }
        resumption.perform()
        return accepted
    }

    /// Asks the loop to stop (after the events already in), with the
    /// failure that makes it stop, if any.
    func stop(failure: (any Error)? = nil) { post(.stop(failure: failure)) }

    /// Delivers ``WorkerEvent/timerDue`` at `deadline`. One timer at a
    /// time: an earlier deadline replaces a later one; a later one than the
    /// armed timer's is left to the loop to ask for again when that fires.
    func wake(at deadline: ContinuousClock.Instant) {
        let replaced = state.withLock { state -> Task<Void, Never>? in
            if state.closed { return nil }
            if let timer = state.timer, timer.deadline <= deadline { return nil }
            let previous = state.timer?.task
            state.timerGeneration += 1
            let generation = state.timerGeneration
            let task = Task { [self] in
                guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                timerFired(generation)
            }
            state.timer = (deadline, generation, task)
            return previous
        }
        replaced?.cancel()
    }

    private func timerFired(_ generation: UInt64) {
        let current = state.withLock { state -> Bool in
            guard state.timer?.generation == generation else { return false }
            state.timer = nil
            return true
        }
        if current { post(.timerDue) }
    }

    /// Delivers ``WorkerEvent/acknowledged`` once `acknowledgement` returns
    /// (it waits for deliveries), unless a watch is on already.
    func watch(_ acknowledgement: @escaping @Sendable () async -> Void) {
        let start = state.withLock { state -> Bool in
            defer { state.watching = true }
            return !state.watching && !state.closed
        }
        guard start else { return }
        Task { [self] in
            await acknowledgement()
            state.withLock { $0.watching = false }
            post(.acknowledged)
        }
    }

    /// Takes every completion waiting in the queue, in order, leaving the
    /// other events as they are: the loop records a burst of outcomes in
    /// one round. (A completion has no place in the order of records: it
    /// comes back whenever its effect ends.)
    func takeQueuedCompletions() -> [Completion] {
        state.withLock { state in
            var taken: [Completion] = []
            state.queue.removeAll { event in
                guard case .completed(let completion) = event else { return false }
                taken.append(completion)
                return true
            }
            return taken
        }
    }

    /// Runs an asynchronous effect (a send, say) off the loop and delivers
    /// its result as ``WorkerEvent/completed(_:)``.
    func perform(_ effect: @escaping @Sendable () async -> Completion) {
        Task { [self] in post(.completed(await effect())) }
    }

    /// Closes the source: the loop's ``next()`` returns nil, a waiting
    /// ``deliver(_:)`` returns false, queued events are dropped and queued
    /// revocations released, the timer is cancelled.
    func close() {
        var resumption = Resumption()
        let (dropped, timer) = state.withLock { state -> ([Event], Task<Void, Never>?) in
            state.closed = true
            if let loop = state.loop {
                state.loop = nil
                resumption.loop = (loop, nil)
            }
            if let feeder = state.feeder {
                state.feeder = nil
                resumption.feeder = (feeder, false)
            }
            defer {
                state.queue = []
                state.queuedBatches = 0
                state.timer = nil
            }
            return (state.queue, state.timer?.task)
        }
        timer?.cancel()
        for case .revocation(let revocation) in dropped { revocation.release() }
        resumption.perform()
    }
}

extension WorkerEvent {
    /// Whether both are the same kind of wake-up.
    fileprivate func isSameWakeUp(as other: Self) -> Bool {
        switch (self, other) {
        case (.acknowledged, .acknowledged), (.timerDue, .timerDue): true
        default: false
        }
    }
}
