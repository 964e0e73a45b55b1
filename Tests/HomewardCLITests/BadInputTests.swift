import Foundation
import HomewardContract
import HomewardTestKit
import Kafka
import Testing

@Suite("malformed records straight to case-events", .serialized)
struct BadInputTests {
    @Test("every malformed record lands in dead-letter once per worker, with its bytes and a reason safe to log; the workers stay up and the records around it give exactly replay's reminders and escalations")
    func malformedRecordsAreDeadLettered() async throws {
        let run = try await WorkerRun(.escalator, label: "bad-input", cases: 16, months: 8, seed: 3, produce: false)
        defer { run.stop() }
        let history = try String(contentsOfFile: run.history, encoding: .utf8).split(separator: "\n").map(String.init)
        let caseIds = try history.map { line in
            try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["subject"] as? String)
        }
        let bad = try BadInputCorpus.entries { caseIds[($0 * 7) % caseIds.count] }
        try #require(bad.count > 150, "the corpus has \(bad.count) records")

        // Each malformed record between two valid ones, on the partitions of real cases.
        let topic = run.fixture.topic(.caseEvents)
        var records: [KafkaProducerRecord] = []
        var badPositions: [Int: String] = [:]
        let step = max(1, history.count / bad.count)
        for (index, line) in history.enumerated() {
            records.append(KafkaProducerRecord(topic: topic, key: Array(caseIds[index].utf8), value: Array(line.utf8)))
            if index % step == 0, badPositions.count < bad.count {
                let entry = bad[badPositions.count]
                badPositions[records.count] = entry.name
                records.append(KafkaProducerRecord(topic: topic, key: entry.key, value: entry.value))
            }
        }
        for entry in bad.dropFirst(badPositions.count) {
            badPositions[records.count] = entry.name
            records.append(KafkaProducerRecord(topic: topic, key: entry.key, value: entry.value))
        }
        let reports = try await run.fixture.produce(records)
        try #require(reports.allSatisfy { $0.isDelivered }, "every record reached case-events")
        var badNames: [String: String] = [:]
        for (position, name) in badPositions {
            badNames["\(reports[position].partition):\(try #require(reports[position].offset))"] = name
        }

        let reminders = try await run.runToCompletion(.scheduler, within: .seconds(240))
        await run.expectLiveEqualsReplay(live: reminders, replayed: try run.replay(.scheduler))
        let escalations = try await run.runToCompletion(.escalator, within: .seconds(240))
        await run.expectLiveEqualsReplay(live: escalations, replayed: try run.replay(.escalator))

        let letters = try await run.fixture.readToEnd(.deadLetter)
        for worker in ["scheduler", "escalator"] {
            let mine = letters.filter { $0.headers.string(named: "homeward-worker") == worker }
            var seen: [String: Int] = [:]
            for letter in mine {
                let position = "\(letter.headers.string(named: "homeward-source-partition") ?? "?"):\(letter.headers.string(named: "homeward-source-offset") ?? "?")"
                seen[position, default: 0] += 1
                let name = badNames[position] ?? "a valid record at \(position)"
                let reason = letter.headers.string(named: "homeward-error") ?? ""
                #expect(!(letter.headers.string(named: "homeward-error-kind") ?? "").isEmpty, "\(worker): \(name) has a reason kind")
                #expect(!reason.isEmpty, "\(worker): \(name) has a reason")
                #expect(!reason.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 },
                        "\(worker): \(name)'s reason is one line without control characters: \(reason.debugDescription)")
                #expect(letter.headers.string(named: "homeward-source-topic") == topic)
                let original = records[try #require(badPositions.first { "\(reports[$0.key].partition):\(reports[$0.key].offset ?? -1)" == position }?.key)]
                #expect(letter.value == (original.value ?? []), "\(worker): \(name) keeps its bytes")
                #expect(letter.key == original.key || (letter.key ?? []).isEmpty && (original.key ?? []).isEmpty, "\(worker): \(name) keeps its key")
            }
            let missing = Set(badNames.keys).subtracting(seen.keys).map { badNames[$0] ?? $0 }.sorted()
            #expect(missing.isEmpty, "\(worker) did not dead-letter \(missing.count) malformed records: \(missing.prefix(10))")
            let repeated = seen.filter { $0.value > 1 }.keys.map { badNames[$0] ?? $0 }
            #expect(repeated.isEmpty, "\(worker) dead-lettered some more than once: \(repeated.prefix(5))")
            #expect(Set(seen.keys).subtracting(badNames.keys).isEmpty, "\(worker) dead-lettered only malformed records")
        }
    }
}
