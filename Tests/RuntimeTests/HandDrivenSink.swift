@testable import HomewardRuntime
import Kafka
import Synchronization

/// An effect sink for the runtime's bookkeeping without a broker: it keeps
/// every hand-over, and the test acknowledges each one by hand (or it
/// acknowledges them at once, when made `acknowledgingAtOnce`).
final class HandDrivenSink: EffectSink {
    /// The records of one hand-over, acknowledged when the test says.
    final class Deliveries: PendingEffects {
        private struct State {
            var complete = false
            var failure: KafkaError?
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        let records: [KafkaProducerRecord]
        private let state = Mutex(State())

        init(_ records: [KafkaProducerRecord]) { self.records = records }

        var isComplete: Bool { state.withLock { $0.complete } }
        var failure: KafkaError? { state.withLock { $0.complete ? $0.failure : nil } }

        func waitUntilComplete() async {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state -> Bool in
                    if !state.complete { state.waiters.append(continuation) }
                    return state.complete
                }
                if done { continuation.resume() }
            }
        }

        /// The broker answers: every record delivered, or (with `failure`) not.
        func acknowledge(failing failure: KafkaError? = nil) {
            let waiters = state.withLock { state in
                state.complete = true
                state.failure = failure
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    private let handOvers = Mutex<[Deliveries]>([])
    private let acknowledgingAtOnce: Bool

    init(acknowledgingAtOnce: Bool = false) { self.acknowledgingAtOnce = acknowledgingAtOnce }

    func enqueue(_ records: [KafkaProducerRecord]) async throws(KafkaError) -> Deliveries {
        let deliveries = Deliveries(records)
        if acknowledgingAtOnce { deliveries.acknowledge() }
        handOvers.withLock { $0.append(deliveries) }
        return deliveries
    }

    /// Every hand-over so far, in order.
    var handedOver: [Deliveries] { handOvers.withLock { $0 } }

    /// Acknowledges every hand-over not acknowledged yet.
    func acknowledgeAll() {
        for deliveries in handedOver where !deliveries.isComplete { deliveries.acknowledge() }
    }
}

/// A delivery failure, as librdkafka reports a message that timed out.
let timedOut = KafkaError(operation: .delivery, code: -192, message: "Local: Message timed out")
