public import Metrics
import Synchronization

/// A worker's progress, read from its counters: set it as
/// ``WorkerConfiguration/metricsFactory`` to see, in-process, what a
/// metrics backend would (records taken in, records done, timer checks —
/// see ``WorkerMetricLabel``), and to wait until a count is reached. For
/// benchmarks, tests and readiness checks; one per worker, since counts are
/// summed over each label's dimensions. Every metric also goes to `next`
/// (counters too), so a process can watch its workers and export their metrics.
public final class WorkerProgress: MetricsFactory, Sendable {
    private struct Waiter {
        let label: String
        let value: Int
        let continuation: CheckedContinuation<ContinuousClock.Instant?, Never>
        let id: Int
    }

    private struct State {
        var totals: [String: Int] = [:]
        var firsts: [String: (at: ContinuousClock.Instant, amount: Int)] = [:]
        var waiters: [Waiter] = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())
    private let next: any MetricsFactory

    /// Counts the worker's counters; its other metrics go to `next` (dropped by default).
    public init(forwardingTo next: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.next = next
    }

    /// The total of the counter `label` so far (0 before its first increment).
    public func count(_ label: String) -> Int { state.withLock { $0.totals[label] ?? 0 } }

    /// When the counter `label` was first incremented, and by how much
    /// (for a worker's ``WorkerMetricLabel/recordsIn``: when its first batch
    /// reached the rules, and its size).
    public func first(_ label: String) -> (at: ContinuousClock.Instant, amount: Int)? { state.withLock { $0.firsts[label] } }

    /// Waits until the counter `label` reaches `value`, for at most `limit`;
    /// returns when it did, or nil if the limit passed first.
    public func reached(_ label: String, _ value: Int, within limit: Duration? = nil) async -> ContinuousClock.Instant? {
        await withCheckedContinuation { continuation in
            let id = state.withLock { state -> Int? in
                if (state.totals[label] ?? 0) >= value { return nil }
                state.nextWaiter += 1
                state.waiters.append(Waiter(label: label, value: value, continuation: continuation, id: state.nextWaiter))
                return state.nextWaiter
            }
            guard let id else { return continuation.resume(returning: .now) }
            if let limit {
                Task {
                    try? await Task.sleep(for: limit)
                    self.giveUp(id)
                }
            }
        }
    }

    private func giveUp(_ id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }

    fileprivate func add(_ amount: Int, to label: String) {
        let now = ContinuousClock.now
        let reached = state.withLock { state -> [Waiter] in
            let total = (state.totals[label] ?? 0) + amount
            state.totals[label] = total
            if state.firsts[label] == nil, amount > 0 { state.firsts[label] = (now, amount) }
            let reached = state.waiters.filter { $0.label == label && total >= $0.value }
            state.waiters.removeAll { $0.label == label && total >= $0.value }
            return reached
        }
        for waiter in reached { waiter.continuation.resume(returning: now) }
    }

    /// A counter adding to this progress.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        ProgressCounter(label: label, progress: self, forwarded: next.makeCounter(label: label, dimensions: dimensions))
    }

    /// The forwarded factory's recorder.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        next.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    /// The forwarded factory's timer.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        next.makeTimer(label: label, dimensions: dimensions)
    }

    /// Nothing to release: counts stay.
    public func destroyCounter(_ handler: any CounterHandler) {}

    /// Destroys the forwarded factory's recorder.
    public func destroyRecorder(_ handler: any RecorderHandler) { next.destroyRecorder(handler) }

    /// Destroys the forwarded factory's timer.
    public func destroyTimer(_ handler: any TimerHandler) { next.destroyTimer(handler) }
}

/// One counter of a ``WorkerProgress``, also counted by the forwarded factory.
private final class ProgressCounter: CounterHandler, Sendable {
    let label: String
    let progress: WorkerProgress
    let forwarded: any CounterHandler

    init(label: String, progress: WorkerProgress, forwarded: any CounterHandler) {
        self.label = label
        self.progress = progress
        self.forwarded = forwarded
    }

    func increment(by amount: Int64) {
        progress.add(Int(amount), to: label)
        forwarded.increment(by: amount)
    }

    func reset() { forwarded.reset() }
}
