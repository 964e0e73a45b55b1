import Foundation
import HomewardContract
import HomewardProcessing
import HomewardTestKit
import Testing

@Suite("homeward worker: crash and restart", .serialized)
struct WorkerCrashTests {
    static func event(_ caseId: String, _ n: Int) -> [UInt8] {
        Array(#"{"specversion":"1.0","id":"evt-\#(n)","source":"/test","type":"org.homeward.case.reopened.v1","time":"2026-01-01T00:00:00Z","subject":"\#(caseId)","datacontenttype":"application/json","data":{"reason":"other"}}"#.utf8)
    }

    @Test("a worker killed with SIGKILL mid-run and restarted produces every output; repeats carry the same id")
    func sigkillAndRestart() async throws {
        let kafka = try await BrokerFixture("passthrough-crash", topics: WorkerProcess.Worker.passthrough.topics)
        let backlog = 20_000, later = 2_000, total = backlog + later
        let events = (0..<total).map { (key: "case-\($0 % 50)", value: Self.event("case-\($0 % 50)", $0)) }
        try await kafka.produce(Array(events[..<backlog]), to: .caseEvents)

        // Kill it while it works through the backlog: once it reports a tenth of the input marked
        // (it marks a state flush's worth of batches at a time, a few thousand records here).
        // Its outputs may run ahead of its marks up to the end of the backlog; what was not
        // marked is processed again after the restart, and more input arrives meanwhile.
        let first = try WorkerProcess(.passthrough, on: kafka, maxBatchSize: 200, logLevel: "debug")
        let marked = try await first.kill(onceMarked: backlog / 10)
        try #require(marked < backlog, "killed with input left: \(marked) of \(backlog) records were marked")
        let atKill = Set(try await kafka.readToEnd(PassThroughWorker.outputRole).map { try PublishedEvent($0).id })
        #expect(atKill.count >= marked, "every marked record's output was out: \(atKill.count) outputs for \(marked) marked")
        try await kafka.produce(Array(events[backlog...]), to: .caseEvents)

        let published = try await WorkerProcess.runToCompletion(.passthrough, on: kafka, maxBatchSize: 200, within: .seconds(300))
        let ids = try published.map { try PublishedEvent($0).id }
        let expected = Set((0..<total).map { "passthrough/evt-\($0)" })
        #expect(Set(ids) == expected, "missing \(expected.subtracting(ids).count)")
        #expect(ids.count >= total)
    }
}
