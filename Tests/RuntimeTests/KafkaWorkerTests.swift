import Foundation
import HomewardContract
import HomewardProcessing
import HomewardRuntime
import Kafka
import Testing

@Suite("Kafka worker runtime", .serialized)
struct KafkaWorkerTests {
    @Test("poison records go to dead-letter with the contract's headers while the records around them are processed")
    func poisonRecords() async throws {
        let fixture = try await RuntimeFixture()
        var values: [(key: String, value: [UInt8])] = []
        for n in 0..<60 { values.append(("case-\(n % 6)", caseEvent("case-\(n % 6)", n))) }
        values.insert(("case-1", Array(#"{"specversion":"1.0","id":"#.utf8)), at: 10)
        values.insert(("case-2", Array(String(decoding: caseEvent("case-2", 99), as: UTF8.self)
            .replacingOccurrences(of: "case.reopened.v1", with: "case.teleported.v1").utf8)), at: 30)
        values.insert(("case-3", [UInt8](repeating: UInt8(ascii: "x"), count: 70_000)), at: 50)
        try await fixture.produce(values)

        let worker = KafkaWorker(logic: PassThroughWorker(), configuration: fixture.workerConfiguration(group: "poison"), logger: runtimeLogger)
        let task = Task { try await worker.run() }
        let outputs = try await fixture.read("passthrough", atLeast: 60)
        let dead = try await fixture.read("dead-letter", atLeast: 3)
        task.cancel()
        try await task.value

        #expect(outputs.count == 60)
        #expect(Set(outputs.map(\.text)).count == 60)
        #expect(dead.count == 3)
        let reasons = dead.compactMap { $0.headers.string(named: "homeward-error") }
        #expect(reasons.contains { $0.hasPrefix("(record): expected a JSON object, found invalid JSON") })
        #expect(reasons.contains { $0.hasPrefix("type: expected a Homeward input type") })
        #expect(reasons.contains { $0.hasPrefix("(record): expected at most 65536 bytes, found 70000 bytes") })
        for record in dead {
            #expect(record.headers.string(named: "homeward-worker") == "passthrough")
            #expect(record.headers.string(named: "homeward-source-topic") == fixture.prefix + "case-events")
            let partition = try #require(record.headers.string(named: "homeward-source-partition").flatMap(Int32.init))
            let offset = try #require(record.headers.string(named: "homeward-source-offset").flatMap(Int64.init))
            #expect((0..<fixture.partitions).contains(partition))
            #expect(offset >= 0)
        }
        #expect(dead.contains { $0.valueLength == 70_000 }, "the original bytes are kept")
    }

    @Test("a graceful stop commits everything processed; the next start reprocesses nothing and continues from the restored state")
    func gracefulStopAndRestore() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.produce((0..<40).map { ("case-\($0 % 4)", caseEvent("case-\($0 % 4)", $0)) })
        let configuration = fixture.workerConfiguration(group: "graceful")

        let first = Task { try await KafkaWorker(logic: PassThroughWorker(), configuration: configuration, logger: runtimeLogger).run() }
        #expect(try await fixture.read("passthrough", atLeast: 40).count == 40)
        first.cancel()
        try await first.value

        try await fixture.produce([("case-0", caseEvent("case-0", 100))])
        let second = Task { try await KafkaWorker(logic: PassThroughWorker(), configuration: configuration, logger: runtimeLogger).run() }
        // Once their outputs are out, the second worker has processed everything before them.
        let sentinels = try await fixture.produceSentinels()
        #expect(try await fixture.awaitOutputs(of: sentinels, in: "passthrough"))
        second.cancel()
        try await second.value
        let outputs = try await fixture.readToEnd("passthrough").filter { !sentinels.contains($0.keyString ?? "") }

        #expect(outputs.count == 41, "nothing was processed twice")
        let last = try #require(outputs.first { $0.text.contains("evt-case-0-100") })
        #expect(last.text.contains(#""count":11"#), "the state (10 earlier events of case-0) was restored: \(last.text)")
    }

    @Test("state writes are coalesced per key until a flush: a hundred events of a case cost a few changelog records, and a restart restores them all")
    func coalescedStateWrites() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.produce((0..<400).map { ("case-\($0 % 4)", caseEvent("case-\($0 % 4)", $0)) })
        var configuration = fixture.workerConfiguration(group: "coalesce")
        configuration.maxBatchSize = 10  // 40 batches or more, each writing each of its cases
        configuration.stateFlushInterval = .seconds(30)  // only running dry or stopping flushes

        let first = Task { [configuration] in try await KafkaWorker(logic: PassThroughWorker(), configuration: configuration, logger: runtimeLogger).run() }
        #expect(try await fixture.read("passthrough", atLeast: 400).count == 400)
        first.cancel()
        try await first.value

        let changelog = try await fixture.readToEnd("passthrough-state")
        let caseWrites = changelog.filter { $0.keyString != PartitionCheckpoint.key }
        #expect(Set(caseWrites.compactMap(\.keyString)) == ["case-0", "case-1", "case-2", "case-3"])
        #expect(caseWrites.count <= 20, "400 events of 4 cases in batches of 10 wrote \(caseWrites.count) state records")
        #expect(changelog.last { $0.partition == caseWrites[0].partition }?.keyString == PartitionCheckpoint.key,
                "a partition's checkpoint follows its state writes")

        try await fixture.produce([("case-0", caseEvent("case-0", 1_000))])
        let second = Task { [configuration] in try await KafkaWorker(logic: PassThroughWorker(), configuration: configuration, logger: runtimeLogger).run() }
        let outputs = try await fixture.read("passthrough", atLeast: 401)
        second.cancel()
        try await second.value
        let last = try #require(outputs.first { $0.text.contains("evt-case-0-1000") })
        #expect(last.text.contains(#""count":101"#), "the coalesced state held all 100 earlier events of case-0: \(last.text)")
        #expect(outputs.count == 401, "nothing was processed twice")
    }
}
