import Foundation
import HomewardContract
import HomewardProcessing
import HomewardTestKit
import Kafka
import Testing

@Suite("A worker meets state written by a newer build", .serialized)
struct WorkerStateFormatTests {
    @Test("it stops at restore with a message naming the format and the fix, and does not process input")
    func stopsOnNewerState() async throws {
        let fixture = try await BrokerFixture("state-newer", topics: WorkerProcess.Worker.scheduler.topics)
        let stateTopic = fixture.topic(.scheduleState)
        // A record of format 99 and the checkpoint that makes the restore keep it.
        let reports = try await fixture.produce([
            KafkaProducerRecord(topic: stateTopic, partition: 0, key: "case-000001", value: [99, 1, 0, 0]),
            KafkaProducerRecord(topic: stateTopic, partition: 0, key: PartitionCheckpoint.key, value: PartitionCheckpoint().encoded()),
        ])
        try #require(reports.allSatisfy { $0.error == nil })

        let worker = try WorkerProcess(.scheduler, on: fixture)
        let stopped = await worker.process.wait()
        #expect(stopped.status != 0, "the worker stops")
        #expect(stopped.stderr.contains("the scheduler's state in \(stateTopic)[0] cannot be read"), "\(stopped.stderr.suffix(1_000))")
        #expect(stopped.stderr.contains("written by a newer Homeward (record format 99; this build writes 3)"))
        #expect(stopped.stderr.contains("homeward state reset"), "the message names the fix")
        #expect(try await fixture.committedOffsets(group: worker.group, .caseEvents).isEmpty, "nothing was processed")
    }
}
