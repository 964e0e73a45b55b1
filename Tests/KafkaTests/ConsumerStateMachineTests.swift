@testable import Kafka
import Testing

/// A fetched batch without librdkafka: the partition of each of its records.
final class FakeBatch: FetchedBatch, Equatable, CustomStringConvertible {
    private(set) var records: [KafkaTopicPartition]
    let released = BatchRelease()

    init(_ records: KafkaTopicPartition...) { self.records = records }

    var count: Int { records.count }
    func removeRecords(where drop: (KafkaTopicPartition) -> Bool) { records.removeAll(where: drop) }
    static func == (lhs: FakeBatch, rhs: FakeBatch) -> Bool { lhs === rhs }
    var description: String { "batch of \(records)" }
}

/// The machine with fake batches; a waiting task is named by a string.
private typealias Machine = ConsumerStateMachine<FakeBatch, String>

private let p0 = KafkaTopicPartition(topic: "case-events", partition: 0)
private let p1 = KafkaTopicPartition(topic: "case-events", partition: 1)
private let p2 = KafkaTopicPartition(topic: "case-events", partition: 2)
private let fatal = KafkaError(operation: .consume, code: -150, message: "fatal consumer error")

extension Machine {
    /// The consuming task (task 1, not cancelled) asks for its next batch.
    fileprivate mutating func next() -> NextAction { next("consumer", task: 1, isCancelled: false) }

    /// Fetches `batch` and hands it to the consuming task.
    fileprivate mutating func handOut(_ batch: FakeBatch) {
        _ = batchFetched(batch)
        _ = next()
    }
}

@Suite("Consumer state machine")
struct ConsumerStateMachineTests {
    // MARK: Handing out batches

    @Test("a batch fetched while the consuming task waits goes to it at once")
    func fetchedBatchGoesToTheWaitingTask() {
        var machine = Machine(capacity: 4)
        #expect(machine.next() == .wait)
        let batch = FakeBatch(p0)
        #expect(machine.batchFetched(batch) == .deliver(batch, to: "consumer"))
    }

    @Test("batches fetched while nobody waits are handed out in fetch order")
    func bufferedBatchesComeInFetchOrder() {
        var machine = Machine(capacity: 4)
        let first = FakeBatch(p0), second = FakeBatch(p1)
        #expect(machine.batchFetched(first) == .none)
        #expect(machine.batchFetched(second) == .none)
        #expect(machine.next() == .deliver(first))
        #expect(machine.next() == .deliver(second))
        #expect(machine.next() == .wait)
    }

    @Test("fetching pauses while the buffer is full and resumes once the application takes a batch")
    func theBufferIsBounded() {
        var machine = Machine(capacity: 2)
        _ = machine.batchFetched(FakeBatch(p0))
        #expect(machine.fetchAction() == .fetch)
        _ = machine.batchFetched(FakeBatch(p0))
        #expect(machine.fetchAction() == .waitForRoom)
        _ = machine.next()
        #expect(machine.fetchAction() == .fetch)
    }

    @Test("posted jobs still run while the buffer is full")
    func postedJobsRunWhileTheBufferIsFull() {
        var machine = Machine(capacity: 1)
        _ = machine.batchFetched(FakeBatch(p0))
        guard case .wakeConsumerThread = machine.post({}) else {
            Issue.record("a job posted to a running consumer goes to its thread")
            return
        }
        #expect(machine.fetchAction() == .runPostedJobs)
        #expect(machine.takePostedJobs().count == 1)
        #expect(machine.fetchAction() == .waitForRoom)
    }

    // MARK: The batch in hand and rebalances

    @Test("a rebalance waits while the application holds its batch")
    func aRebalanceWaitsForTheBatchInHand() {
        var machine = Machine(capacity: 4)
        machine.handOut(FakeBatch(p0))
        #expect(machine.checkBatchInHand() == .waitForApplication)
    }

    @Test("asking for the next batch finishes the batch in hand")
    func askingForTheNextBatchFinishesTheBatchInHand() {
        var machine = Machine(capacity: 4)
        machine.handOut(FakeBatch(p0))
        _ = machine.next()
        #expect(machine.checkBatchInHand() == .proceed)
    }

    @Test("a batch the application let go of no longer holds up a rebalance")
    func aReleasedBatchIsFinished() {
        var machine = Machine(capacity: 4)
        let batch = FakeBatch(p0)
        machine.handOut(batch)
        batch.released.mark()
        #expect(machine.checkBatchInHand() == .proceed)
    }

    @Test("a revocation drops the buffered records of revoked partitions, and the batches left empty")
    func aRevocationDiscardsBufferedRecords() {
        var machine = Machine(capacity: 4)
        machine.assigned([p0, p1])
        let mixed = FakeBatch(p0, p1, p0), revokedOnly = FakeBatch(p1), kept = FakeBatch(p0)
        for batch in [mixed, revokedOnly, kept] { _ = machine.batchFetched(batch) }
        machine.revoked([p1])
        #expect(machine.assignment == [p0])
        #expect(mixed.records == [p0, p0])
        #expect(machine.next() == .deliver(mixed))
        #expect(machine.next() == .deliver(kept))
        #expect(machine.next() == .wait)
    }

    @Test("a revocation leaves the batch in hand as the application got it")
    func aRevocationLeavesTheBatchInHand() {
        var machine = Machine(capacity: 4)
        machine.assigned([p0, p1])
        let batch = FakeBatch(p0, p1)
        machine.handOut(batch)
        machine.revoked([p1])
        #expect(batch.records == [p0, p1])
    }

    @Test("a new manual assignment drops the buffered records of partitions no longer assigned")
    func aManualAssignmentDiscardsRecordsOfDroppedPartitions() {
        var machine = Machine(capacity: 4)
        machine.assignmentReplaced(by: [p0, p1])
        let batch = FakeBatch(p0, p1)
        _ = machine.batchFetched(batch)
        machine.assignmentReplaced(by: [p1, p2])
        #expect(machine.assignment == [p1, p2])
        #expect(batch.records == [p1])
    }

    @Test("a failed rebalance leaves the consumer owning nothing")
    func aFailedRebalanceClearsTheAssignment() {
        var machine = Machine(capacity: 4)
        machine.assigned([p0, p1])
        machine.assignmentLost()
        #expect(machine.assignment.isEmpty)
    }

    // MARK: Close

    @Test("a close ends the waiting task's sequence")
    func aCloseEndsTheWait() {
        var machine = Machine(capacity: 4)
        #expect(machine.next() == .wait)
        #expect(machine.requestClose(abandoningBatchInHand: false) == .end("consumer"))
        #expect(machine.next() == .end)
    }

    @Test("a close drops the buffered batches and stops fetching; a batch fetched after it is never handed out")
    func aCloseStopsHandingOutBatches() {
        var machine = Machine(capacity: 4)
        _ = machine.batchFetched(FakeBatch(p0))
        #expect(machine.requestClose(abandoningBatchInHand: false) == .none)
        #expect(machine.fetchAction() == .waitForRoom)
        #expect(machine.batchFetched(FakeBatch(p1)) == .none)
        #expect(machine.next() == .end)
    }

    @Test("a close from another task leaves the consumer thread waiting for the batch in hand")
    func aCloseFromAnotherTaskWaitsForTheBatchInHand() {
        var machine = Machine(capacity: 4)
        machine.handOut(FakeBatch(p0))
        _ = machine.requestClose(abandoningBatchInHand: false)
        #expect(machine.checkBatchInHand() == .waitForApplication)
        #expect(machine.next() == .end)
        #expect(machine.checkBatchInHand() == .proceed)
    }

    @Test("a close from inside the consuming task abandons the batch in hand")
    func aCloseFromTheConsumingTaskAbandonsTheBatchInHand() {
        var machine = Machine(capacity: 4)
        _ = machine.batchFetched(FakeBatch(p0))
        _ = machine.next("consumer", task: 7, isCancelled: false)
        #expect(machine.isConsumingTask(7))
        #expect(!machine.isConsumingTask(8))
        _ = machine.requestClose(abandoningBatchInHand: true)
        #expect(machine.checkBatchInHand() == .proceed)
    }

    @Test("once the consumer thread is closing, nothing waits for the batch in hand")
    func closingDoesNotWaitForTheBatchInHand() {
        var machine = Machine(capacity: 4)
        machine.assigned([p0])
        machine.handOut(FakeBatch(p0))
        _ = machine.requestClose(abandoningBatchInHand: false)
        #expect(machine.consumerThreadCloses() == .none)
        machine.revoked([p0])
        #expect(machine.checkBatchInHand() == .proceed)
        #expect(machine.next() == .end)
    }

    @Test("jobs posted before the queue is destroyed run after it; later ones run on a thread of their own")
    func jobsAroundTheQueuesDestruction() {
        var machine = Machine(capacity: 4)
        machine.assigned([p0])
        _ = machine.requestClose(abandoningBatchInHand: false)
        _ = machine.consumerThreadCloses()
        _ = machine.post({})
        #expect(machine.mayWakeQueue)
        #expect(machine.consumerClosed().count == 1)
        #expect(!machine.mayWakeQueue)
        #expect(machine.assignment.isEmpty)
        guard case .runOnOwnThread = machine.post({}) else {
            Issue.record("a job posted after the consumer thread ended has no thread to run on")
            return
        }
        #expect(machine.next() == .end)
    }

    // MARK: Cancellation

    @Test("cancelling the waiting task ends its wait; a batch fetched later waits in the buffer")
    func cancellingTheWaitingTaskEndsItsWait() {
        var machine = Machine(capacity: 4)
        #expect(machine.next() == .wait)
        #expect(machine.cancelWaiting() == .end("consumer"))
        #expect(machine.cancelWaiting() == .none)
        let batch = FakeBatch(p0)
        #expect(machine.batchFetched(batch) == .none)
        #expect(machine.next() == .deliver(batch))
    }

    @Test("a task cancelled before it asks gets the end of the sequence, and the buffered batch stays")
    func aCancelledTaskGetsTheEnd() {
        var machine = Machine(capacity: 4)
        let batch = FakeBatch(p0)
        _ = machine.batchFetched(batch)
        #expect(machine.next("consumer", task: 1, isCancelled: true) == .end)
        #expect(machine.next() == .deliver(batch))
    }

    // MARK: Fatal errors

    @Test("a fatal error fails the waiting task, and every later request")
    func aFatalErrorFailsTheWaitingTask() {
        var machine = Machine(capacity: 4)
        #expect(machine.next() == .wait)
        #expect(machine.failed(fatal) == .fail("consumer", fatal))
        #expect(machine.next() == .fail(fatal))
    }

    @Test("after a fatal error the buffered batches still come, then the error")
    func bufferedBatchesComeBeforeTheFatalError() {
        var machine = Machine(capacity: 4)
        let batch = FakeBatch(p0)
        _ = machine.batchFetched(batch)
        #expect(machine.failed(fatal) == .none)
        #expect(machine.next() == .deliver(batch))
        #expect(machine.next() == .fail(fatal))
        #expect(machine.next() == .fail(fatal))
    }

    @Test("the first fatal error is the one reported")
    func theFirstFatalErrorWins() {
        var machine = Machine(capacity: 4)
        _ = machine.failed(fatal)
        _ = machine.failed(KafkaError(operation: .consume, code: -150, message: "another"))
        #expect(machine.next() == .fail(fatal))
    }

    @Test("a close after a fatal error ends the sequence without the error")
    func aCloseAfterAFatalErrorEndsTheSequence() {
        var machine = Machine(capacity: 4)
        _ = machine.failed(fatal)
        _ = machine.requestClose(abandoningBatchInHand: false)
        #expect(machine.next() == .end)
    }
}
