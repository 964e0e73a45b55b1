import HomewardProcessing
@testable import HomewardRuntime
import Kafka
import Synchronization
import Testing

/// Batches in flight over a hand-driven sink, and the offsets they marked.
final class InFlightScenario: Sendable {
    let sink: HandDrivenSink
    let inFlight: InFlightBatches<HandDrivenSink>
    private let marked = Mutex<[[KafkaTopicPartition: Int64]]>([])

    init(flushInterval: Duration = .seconds(30), flushBytes: Int = 1 << 20, acknowledgingAtOnce: Bool = false) {
        sink = HandDrivenSink(acknowledgingAtOnce: acknowledgingAtOnce)
        inFlight = InFlightBatches(sink: sink, stateTopic: "state", flushInterval: flushInterval, flushBytes: flushBytes)
    }

    /// Adds a batch of `records` inputs of `partition`, up to offset `next`,
    /// with one output and the state writes `writes`; returns the output's deliveries.
    @discardableResult
    func append(_ records: Int, partition: Int32 = 0, next: Int64, writes: [(String, String?)] = [("case-1", "v")])
        async throws -> HandDrivenSink.Deliveries {
        let outputs = try await sink.enqueue([KafkaProducerRecord(topic: "out", key: "case-1", value: Array("out".utf8))])
        let state = PartitionStateWrites(
            partition: partition, writes: writes.map { ChangelogWrite(key: $0.0, value: $0.1.map { Array($0.utf8) }) },
            checkpoint: PartitionCheckpoint(nextOffsets: ["in": next]))
        inFlight.append(.init(records: records, marks: [KafkaTopicPartition(topic: "in", partition: partition): next], outputs: [outputs],
                              state: [state]))
        return outputs
    }

    func advance(flushNow: Bool, now: ContinuousClock.Instant = .now) async throws -> Int {
        try await inFlight.advance(flushNow: flushNow, now: now, mark: { mark($0.marks) })
    }

    func mark(_ marks: [KafkaTopicPartition: Int64]) { if !marks.isEmpty { marked.withLock { $0.append(marks) } } }

    /// Per marking, in order, the next offset of each input partition, as `partition:offset`.
    var marks: [String] { marked.withLock { $0.map { $0.map { "\($0.key.partition):\($0.value)" }.sorted().joined(separator: ",") } } }
}

@Suite("In-flight batches: offsets are marked only once a batch's outputs and then its state are durable, in batch order")
struct InFlightBatchesTests {
    @Test("a batch is marked only after its outputs, then the flush of its state, are acknowledged")
    func outputsThenStateThenMark() async throws {
        let scenario = InFlightScenario()
        let outputs = try await scenario.append(5, next: 5)

        #expect(try await scenario.advance(flushNow: true) == 0)
        #expect(scenario.sink.handedOver.count == 1, "no state goes out before the outputs are acknowledged")
        outputs.acknowledge()
        #expect(try await scenario.advance(flushNow: true) == 0)
        let flush = try #require(scenario.sink.handedOver.last)
        #expect(flush.records.map(\.topic) == ["state", "state"], "the state write, then the checkpoint")
        #expect(scenario.marks.isEmpty, "not marked while the flush is unacknowledged")
        flush.acknowledge()
        #expect(try await scenario.advance(flushNow: false) == 5)
        #expect(scenario.marks == ["0:5"])
        #expect(scenario.inFlight.isEmpty)
    }

    @Test("batches are marked strictly in order: a later batch acknowledged first waits for the earlier one")
    func strictlyInOrder() async throws {
        let scenario = InFlightScenario()
        let first = try await scenario.append(3, partition: 0, next: 3)
        try await scenario.append(4, partition: 1, next: 4).acknowledge()

        #expect(try await scenario.advance(flushNow: true) == 0)
        #expect(scenario.sink.handedOver.count == 2, "the later batch's state waits for the earlier batch's outputs")
        first.acknowledge()
        #expect(try await scenario.advance(flushNow: true) == 0)
        scenario.sink.acknowledgeAll()
        #expect(try await scenario.advance(flushNow: false) == 7)
        #expect(scenario.marks == ["0:3", "1:4"])
    }

    @Test("the state of batches flushed together is coalesced: one record per key, its last value, then the checkpoint")
    func coalescedFlush() async throws {
        let scenario = InFlightScenario(acknowledgingAtOnce: true)
        try await scenario.append(1, next: 1, writes: [("case-1", "a"), ("case-2", "a")])
        try await scenario.append(1, next: 2, writes: [("case-1", "b")])

        _ = try await scenario.advance(flushNow: true)
        let flush = try #require(scenario.sink.handedOver.last).records
        #expect(flush.count == 3)
        #expect(Set(flush.dropLast().map { "\(String(decoding: $0.key ?? [], as: UTF8.self))=\(String(decoding: $0.value ?? [], as: UTF8.self))" })
                == ["case-1=b", "case-2=a"])
        let checkpoint = try PartitionCheckpoint(encoded: try #require(flush.last?.value))
        #expect(checkpoint.nextOffsets == ["in": 2], "the latest checkpoint, last")
    }

    @Test("without flushNow, state waits in the buffer until the flush interval has passed")
    func flushInterval() async throws {
        let scenario = InFlightScenario(flushInterval: .seconds(1))
        try await scenario.append(2, next: 2).acknowledge()
        let start = ContinuousClock.now

        _ = try await scenario.advance(flushNow: false, now: start)
        _ = try await scenario.advance(flushNow: false, now: start + .milliseconds(999))
        #expect(scenario.sink.handedOver.count == 1, "buffered, not flushed")
        _ = try await scenario.advance(flushNow: false, now: start + .seconds(1))
        #expect(scenario.sink.handedOver.count == 2, "flushed once the interval passed")
    }

    @Test("without flushNow, state is flushed early once the buffer holds its byte limit")
    func flushBytes() async throws {
        let scenario = InFlightScenario(flushBytes: 10)
        try await scenario.append(2, next: 2, writes: [("case-1", "0123456789")]).acknowledge()

        _ = try await scenario.advance(flushNow: false)
        #expect(scenario.sink.handedOver.count == 2)
    }

    @Test("a failed delivery stops the worker with deliveryFailed; nothing from that batch on is marked")
    func failedDelivery() async throws {
        let scenario = InFlightScenario()
        try await scenario.append(1, partition: 0, next: 1).acknowledge(failing: timedOut)
        try await scenario.append(1, partition: 1, next: 1).acknowledge()

        await #expect {
            _ = try await scenario.advance(flushNow: true)
        } throws: { error in
            guard case .deliveryFailed(let failure) = error as? WorkerError else { return false }
            return failure == timedOut
        }
        #expect(scenario.marks.isEmpty)
    }

    @Test("waiting for the broker counts batches awaiting outputs or a flush, and the records of those awaiting outputs")
    func awaitingBroker() async throws {
        let scenario = InFlightScenario()
        let first = try await scenario.append(3, next: 3)
        try await scenario.append(4, next: 7)
        #expect(scenario.inFlight.awaitingBroker == (2, 7))
        #expect(scenario.inFlight.oldestPending === first)

        first.acknowledge()
        _ = try await scenario.advance(flushNow: true)
        #expect(scenario.inFlight.awaitingBroker == (2, 4), "the first awaits its flush, holding no records")
        #expect(scenario.inFlight.oldestPending === scenario.sink.handedOver.last, "the oldest wait is the first batch's flush")
    }

    @Test("settling everything waits for each acknowledgement in turn and marks every batch, in order")
    func settleAll() async throws {
        let scenario = InFlightScenario()
        for partition in Int32(0)..<3 { try await scenario.append(2, partition: partition, next: 2) }

        let settling = Task { try await scenario.inFlight.settleAll(mark: { scenario.mark($0.marks) }) }
        // The broker answers whatever was handed over, as it comes: outputs, then the flush.
        while !scenario.inFlight.isEmpty {
            scenario.sink.acknowledgeAll()
            await Task.yield()
        }
        #expect(try await settling.value == 6)
        #expect(scenario.marks == ["0:2", "1:2", "2:2"])
    }
}
