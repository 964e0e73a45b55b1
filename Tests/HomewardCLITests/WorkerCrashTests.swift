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
        let total = 20_000
        try await kafka.produce((0..<total).map { (key: "case-\($0 % 50)", value: Self.event("case-\($0 % 50)", $0)) }, to: .caseEvents)

        // Kill it while it works through the backlog: once it reports a tenth of the input marked
        // (it marks a state flush's worth of batches at a time, a few thousand records here).
        let first = try WorkerProcess(.passthrough, on: kafka, maxBatchSize: 200, logLevel: "debug")
        let marked = try await first.kill(onceMarked: total / 10)
        try #require(marked < total, "killed with input left: \(marked) of \(total) records were marked")
        let atKill = Set(try await kafka.readToEnd(PassThroughWorker.outputRole).map { try PublishedEvent($0).id })
        #expect(atKill.count >= marked, "every marked record's output was out: \(atKill.count) outputs for \(marked) marked")
        #expect(atKill.count < total, "killed before the end: \(atKill.count) of \(total) out")

        let published = try await WorkerProcess.runToCompletion(.passthrough, on: kafka, maxBatchSize: 200, within: .seconds(300))
        let ids = try published.map { try PublishedEvent($0).id }
        let expected = Set((0..<total).map { "passthrough/evt-\($0)" })
        #expect(Set(ids) == expected, "missing \(expected.subtracting(ids).count)")
        #expect(ids.count >= total)
    }
}
