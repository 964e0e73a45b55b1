import Synchronization

/// Lets a producer that found librdkafka's queue full wait until the poll
/// thread has served delivery reports (which frees room).
final class ProducerRoom: Sendable {
    private let waiters = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let servedGeneration = Atomic<UInt64>(0)

    /// Changes every time the poll thread served events.
    var generation: UInt64 { servedGeneration.load(ordering: .acquiring) }

    func served(events: Int) {
        let waiting = waiters.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            servedGeneration.add(1, ordering: .releasing)
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }

    func waitForRoom(after generation: UInt64) async {
        await withCheckedContinuation { continuation in
            let ready = waiters.withLock { waiters -> Bool in
                if servedGeneration.load(ordering: .acquiring) != generation { return true }
                waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
