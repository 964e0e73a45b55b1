import Foundation
import HomewardTestKit
import Kafka
import Testing

/// Runs Debian's kafka-python (a pure-Python Kafka client) as a peer process.
enum KafkaPythonPeer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Interop/kafka_python_peer.py").path

    struct Record: Codable, Equatable {
        var partition: Int32?
        var offset: Int64?
        var key: String?
        var value: String?
        var headers: [[String?]]?
        var timestamp: Int64?
    }

    /// Runs the peer with `arguments`, feeding `input`; returns its stdout lines.
    static func run(_ arguments: [String], input: String = "") async throws -> [Record] {
        let peer = try await ChildProcess.run(ChildProcess.python, [script] + arguments, input: input)
        guard peer.status == 0 else {
            throw PeerFailure(status: peer.status, stderr: peer.stderr)
        }
        return try peer.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Record.self, from: Data($0.utf8))
        }
    }

    struct PeerFailure: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "kafka-python peer exited with \(status): \(stderr)" }
    }
}

extension Array where Element == UInt8 {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Deterministic bytes that are not valid UTF-8, so text decoding cannot hide a difference.
func binaryBytes(_ seed: Int, count: Int) -> [UInt8] {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    } + [0xFF, 0x00]
}

@Suite("Interoperability with kafka-python")
struct InteroperabilityTests {
    @Test("kafka-python reads what Homeward produced, byte for byte")
    func pythonConsumesHomeward() async throws {
        let kafka = try await BrokerFixture("to-python", topics: ["records"], partitions: 4)
        let topic = kafka.topic("records")
        let records = (0..<40).map { i in
            KafkaProducerRecord(
                topic: topic,
                key: binaryBytes(i, count: 8),
                value: i == 7 ? nil : binaryBytes(1_000 + i, count: 50 + i),
                headers: [KafkaHeader(name: "homeward-source", value: binaryBytes(2_000 + i, count: 4)),
                          KafkaHeader(name: "empty", value: [])],
                timestampMilliseconds: 1_767_225_600_000 + Int64(i))
        }
        let reports = try await kafka.produce(records)
        #expect(reports.allSatisfy { $0.isDelivered })

        let read = try await KafkaPythonPeer.run(["consume", kafka.bootstrapServers, topic, "40"])
        #expect(read.count == 40)
        for (record, report) in zip(records, reports) {
            let seen = try #require(read.first { $0.partition == report.partition && $0.offset == report.offset })
            #expect(seen.key == record.key?.hex)
            #expect(seen.value == record.value?.hex)
            #expect(seen.headers == record.headers.map { [$0.name, $0.value?.hex] })
            #expect(seen.timestamp == record.timestampMilliseconds)
        }
    }

    @Test("Homeward reads what kafka-python produced, byte for byte, and partitions keys the same way")
    func homewardConsumesPython() async throws {
        let kafka = try await BrokerFixture("from-python", topics: ["records", "partitioning"], partitions: 4)
        let topic = kafka.topic("records")
        let mirror = kafka.topic("partitioning")
        let sent = (0..<40).map { i in
            KafkaPythonPeer.Record(
                key: Array("case-\(i)".utf8).hex,
                value: i == 3 ? nil : binaryBytes(3_000 + i, count: 30 + i).hex,
                headers: [["homeward-worker", Array("python-peer".utf8).hex], ["bytes", binaryBytes(i, count: 3).hex]],
                timestamp: 1_767_312_000_000 + Int64(i))
        }
        let input = try sent.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n")
        let acknowledged = try await KafkaPythonPeer.run(["produce", kafka.bootstrapServers, topic], input: input)
        #expect(acknowledged.count == 40)

        let received = try await kafka.readToEnd("records")
        #expect(received.count == 40)
        for (expected, ack) in zip(sent, acknowledged) {
            let record = try #require(received.first { $0.partition == ack.partition && $0.offset == ack.offset })
            #expect(record.key?.hex == expected.key)
            #expect(record.value?.hex == expected.value)
            #expect(record.headers.map { [$0.name, $0.value?.hex] } == expected.headers)
            #expect(record.timestampMilliseconds == expected.timestamp)
        }

        // The same keys through Homeward's producer land on the same partitions
        // (murmur2, as the Java and Python clients), so co-partitioning holds
        // across producers written in other languages.
        let reports = try await kafka.produce((0..<40).map {
            KafkaProducerRecord(topic: mirror, key: "case-\($0)", value: "x")
        })
        #expect(reports.map(\.partition) == acknowledged.map { $0.partition! })
    }
}
