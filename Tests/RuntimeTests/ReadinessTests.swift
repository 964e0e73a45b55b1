@testable import HomewardRuntime
import HomewardProcessing
import HomewardTestKit
import Testing

@Suite("Worker readiness: partitions assigned and their state restored")
struct ReadinessTests {
    @Test("a worker with no partitions assigned is not ready, and says so")
    func nothingAssigned() {
        let readiness = WorkerReadiness(worker: "scheduler", assigned: [], restored: [])
        #expect(!readiness.isReady)
        #expect(readiness.obstacle == "no partitions assigned yet")
    }

    @Test("a worker still restoring some of its partitions is not ready, and names them")
    func restoring() {
        #expect(WorkerReadiness(worker: "w", assigned: [0, 2, 5], restored: [2]).obstacle == "restoring the state of partitions 0, 5")
        #expect(WorkerReadiness(worker: "w", assigned: [3], restored: []).obstacle == "restoring the state of partition 3")
    }

    @Test("a worker with every assigned partition restored is ready")
    func allRestored() {
        let readiness = WorkerReadiness(worker: "w", assigned: [1, 3], restored: [1, 3])
        #expect(readiness.isReady)
        #expect(readiness.obstacle == nil)
    }

    @Test("a partition counts as assigned from its assignment, and as restored only while it stays assigned")
    func slotsFollowTheGroup() {
        let slots = PartitionSlots<PassThroughWorker>()
        slots.assign([0, 1])
        #expect(slots.readiness(worker: "w") == WorkerReadiness(worker: "w", assigned: [0, 1], restored: []))
        for partition: Int32 in [0, 1] { slots.insert(PartitionSlot(PartitionProcessor(logic: PassThroughWorker(), clock: .stream)), for: partition) }
        #expect(slots.readiness(worker: "w").isReady)
        slots.unassign([1])  // revocation under way: partition 1's state is not dropped yet
        #expect(slots.readiness(worker: "w") == WorkerReadiness(worker: "w", assigned: [0], restored: [0]))
        slots.unassign([0])
        #expect(!slots.readiness(worker: "w").isReady)
    }
}

@Suite("Worker readiness on the embedded broker", .serialized)
struct LiveReadinessTests {
    @Test("a running worker turns ready once the group assigned it every partition and their state is restored, and not ready once it stopped")
    func readyAfterRestore() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.produce((0..<20).map { ("case-\($0 % 4)", caseEvent("case-\($0 % 4)", $0)) })
        let worker = KafkaWorker(logic: PassThroughWorker(), configuration: fixture.workerConfiguration(group: "ready"), logger: runtimeLogger)
        #expect(worker.readiness.obstacle == "no partitions assigned yet")

        let task = Task { try await worker.run() }
        try await waitUntil("the worker is ready", within: .seconds(60)) { worker.readiness.isReady }
        #expect(worker.readiness.assigned == Array(0..<fixture.partitions), "the only member holds every partition")
        #expect(worker.ownedPartitions == worker.readiness.restored)
        task.cancel()
        try await task.value
        #expect(!worker.readiness.isReady, "a stopped worker has left the group")
    }
}
