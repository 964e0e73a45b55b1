import Foundation

/// A dedicated OS thread that runs `body` repeatedly until stopped.
///
/// Blocking librdkafka calls (`rd_kafka_poll`, `rd_kafka_consume_batch_queue`,
/// synchronous commits) run here, never on Swift's cooperative thread pool.
final class RDKafkaPollThread: Sendable {
    private let stopRequested = Latch()
    private let finished = DispatchSemaphore(value: 0)

    /// Starts a thread named `name` that calls `iteration` until `stop()`;
    /// `iteration` returns `false` to end the loop by itself.
    init(name: String, iteration: @escaping @Sendable (_ stopping: () -> Bool) -> Bool, onExit: @escaping @Sendable () -> Void = {}) {
        let stopRequested = self.stopRequested
        let finished = self.finished
        let thread = Thread {
            while !stopRequested.isSet {
                if !iteration({ stopRequested.isSet }) { break }
            }
            onExit()
            finished.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Asks the loop to stop after its current iteration.
    func requestStop() { _ = stopRequested.trip() }

    /// Whether a stop was requested.
    var isStopping: Bool { stopRequested.isSet }

    /// Waits, without blocking the cooperative pool, until the thread ended.
    func join() async {
        await runOnDedicatedThread(name: "kafka.join") { self.finished.wait(); self.finished.signal() }
    }
}
