import Foundation
@testable import HomewardRuntime
import Synchronization
import Testing

@Suite("Revocation: the consumer's thread hands partitions to the loop and waits until they are settled and dropped", .timeLimit(.minutes(1)))
struct RevocationTests {
    /// What happened, in order, on both sides.
    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// Hands a revocation of `partitions` over on a thread of its own, as
    /// the consumer's rebalance handler does; `returned` ends when the hand-over returns.
    static func handOver(_ partitions: [Int32], to events: TestEvents, log: Log) -> Task<Void, Never> {
        Task {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread {
                    Revocation.handOver(partitions, lost: false, to: events)
                    log.append("returned")
                    continuation.resume()
                }.start()
            }
        }
    }

    @Test("the hand-over returns only after the loop has settled and dropped the revoked partitions")
    func waitsForTheLoop() async {
        let events = TestEvents(), log = Log()
        let returned = Self.handOver([1, 3], to: events, log: log)
        guard case .revocation(let revocation) = await events.next() else { Issue.record("expected a revocation"); return }
        await revocation.perform(settle: { log.append("settled") }, drop: { log.append("dropped \($0)") })
        await returned.value
        #expect(log.all == ["settled", "dropped 1", "dropped 3", "returned"])
    }

    @Test("a revocation reaches the loop after the batches delivered before it")
    func afterQueuedBatches() async {
        let events = TestEvents(), log = Log()
        _ = await events.deliver(1)
        let returned = Self.handOver([0], to: events, log: log)
        #expect(await events.next()?.name == "records 1")
        guard case .revocation(let revocation) = await events.next() else { Issue.record("expected the revocation next"); return }
        await revocation.perform(settle: {}, drop: { _ in })
        await returned.value
    }

    @Test("the hand-over returns at once when the loop has stopped, and is released when the loop stops without taking it")
    func loopStopped() async {
        let closed = TestEvents(), log = Log()
        closed.close()
        await Self.handOver([0], to: closed, log: log).value

        let events = TestEvents()
        let returned = Self.handOver([1], to: events, log: log)
        events.close()
        await returned.value
        #expect(log.all == ["returned", "returned"], "nothing settled or dropped")
    }

    @Test("when settling fails, the consumer's thread goes on, nothing is dropped, and the loop sees the failure")
    func settleFails() async {
        let events = TestEvents(), log = Log()
        let returned = Self.handOver([2], to: events, log: log)
        guard case .revocation(let revocation) = await events.next() else { Issue.record("expected a revocation"); return }
        await #expect(throws: WorkerError.self) {
            try await revocation.perform(settle: { throw WorkerError.deliveryFailed(timedOut) }, drop: { log.append("dropped \($0)") })
        }
        await returned.value
        #expect(log.all == ["returned"])
    }

    @Test("a revocation marks every batch in flight, in order, before the partitions' state is dropped")
    func marksBeforeDropping() async throws {
        let events = TestEvents(), log = Log()
        let scenario = InFlightScenario(acknowledgingAtOnce: true)
        try await scenario.append(1, partition: 0, next: 10)
        try await scenario.append(1, partition: 1, next: 11)
        let returned = Self.handOver([0, 1], to: events, log: log)
        guard case .revocation(let revocation) = await events.next() else { Issue.record("expected a revocation"); return }
        try await revocation.perform(settle: {
            _ = try await scenario.inFlight.settleAll { entry in for (partition, next) in entry.marks { log.append("marked \(partition.partition)@\(next)") } }
        }, drop: { log.append("dropped \($0)") })
        await returned.value
        #expect(log.all == ["marked 0@10", "marked 1@11", "dropped 0", "dropped 1", "returned"])
    }
}
