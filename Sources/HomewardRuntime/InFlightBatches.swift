import Kafka
import Synchronization

/// Batches whose effects are on their way to the broker, oldest first.
///
/// A batch's effects go out in two phases. First its outputs and dead
/// letters; once those are acknowledged, its state writes join the
/// ``StateBuffer``, where a later write of a key replaces an earlier one.
/// The buffer is flushed (the surviving writes, then each partition's latest
/// checkpoint, which the next restore trusts) when it is older than the
/// flush interval or larger than its byte limit, when no more input is
/// waiting, and on revocation and shutdown. Offsets are marked only once the flush
/// carrying a batch's state is acknowledged, strictly in batch order. So a
/// crash at any point either finds a batch's checkpoint durable (and its
/// outputs with it) or redoes the batch, re-deriving the same output ids.
/// A batch's performed effects start only then, once its state records
/// their start (see ``EffectHolds``).
/// Later batches are processed while earlier ones wait for the broker.
final class InFlightBatches<Sink: EffectSink>: Sendable {
    /// Where a batch stands.
    enum Phase: Sendable {
        /// Its outputs are on their way.
        case outputs
        /// Its state is in the buffer.
        case buffered
        /// Its state was flushed with these deliveries (nil: nothing to send).
        case flushed(Sink.Deliveries?)
    }

    struct Entry: Sendable {
        /// Input records in the batch.
        let records: Int
        /// The next offset to mark per input partition: past every record
        /// processed (records a merge still holds are not).
        let marks: [KafkaTopicPartition: Int64]
        /// The outputs' and dead letters' deliveries, per partition that had any.
        let outputs: [Sink.Deliveries]
        /// Per partition, in batch order; moved into the buffer once the
        /// outputs are acknowledged.
        var state: [PartitionStateWrites]
        /// Effects to perform once the state recording their start is
        /// durable (see ``EffectPerformer``), with their input partition.
        let effects: [PerformedEffect]
        /// The effects whose outcome this batch records: finished once it is durable.
        let finishes: [UInt64]
        var phase = Phase.outputs

        init(records: Int, marks: [KafkaTopicPartition: Int64], outputs: [Sink.Deliveries], state: [PartitionStateWrites],
             effects: [PerformedEffect] = [], finishes: [UInt64] = []) {
            self.records = records
            self.marks = marks
            self.outputs = outputs
            self.state = state
            self.effects = effects
            self.finishes = finishes
        }
    }

    private struct Contents {
        var entries: [Entry] = []
        var buffer = StateBuffer()
    }

    private let contents = Mutex(Contents())
    private let sink: Sink
    private let stateTopic: String
    private let flushInterval: Duration
    private let flushBytes: Int

    /// Batches' state goes to `stateTopic` through `sink`; the buffer is
    /// flushed once its oldest write is `flushInterval` old or it holds
    /// `flushBytes` bytes.
    init(sink: Sink, stateTopic: String, flushInterval: Duration, flushBytes: Int) {
        self.sink = sink
        self.stateTopic = stateTopic
        self.flushInterval = flushInterval
        self.flushBytes = flushBytes
    }

    /// Whether no batch is in flight.
    var isEmpty: Bool { contents.withLock { $0.entries.isEmpty } }

    /// Batches waiting for the broker (for their outputs or a flush), and
    /// the input records of those still waiting for their outputs: what
    /// bounds how far processing runs ahead. (A flushed batch holds no
    /// records, so its size does not count.)
    var awaitingBroker: (batches: Int, records: Int) {
        contents.withLock { contents in
            contents.entries.reduce(into: (0, 0)) { total, entry in
                switch entry.phase {
                case .outputs: total = (total.0 + 1, total.1 + entry.records)
                case .flushed: total.0 += 1
                case .buffered: break
                }
            }
        }
    }

    func append(_ entry: Entry) { contents.withLock { $0.entries.append(entry) } }

    /// Moves the state of every batch whose outputs are acknowledged into
    /// the buffer (in order), flushes the buffer when it is due at `now` (or
    /// `flushNow`), then marks every batch whose flush is acknowledged.
    /// Returns the number of input records marked.
    func advance(flushNow: Bool, now: ContinuousClock.Instant = .now,
                 mark: (Entry) throws -> Void) async throws -> Int {
        let records = try contents.withLock { contents -> [KafkaProducerRecord]? in
            try Self.bufferAcknowledged(&contents, at: now)
            guard let since = contents.buffer.since else {
                Self.flushed(&contents, nil)
                return nil
            }
            guard flushNow || now - since >= flushInterval || contents.buffer.bytes >= flushBytes else { return nil }
            return contents.buffer.drain(topic: stateTopic)
        }
        if let records {
            // Only the worker's loop changes the entries, so the ones buffered above are still the buffered ones.
            let deliveries = try await sink.enqueue(records)
            contents.withLock { Self.flushed(&$0, deliveries) }
        }
        return try markCompleted(mark)
    }

    /// Settles every batch in flight (for revocation and shutdown): waits
    /// for each acknowledgement in turn, flushing the state at once, until
    /// every batch is marked. Returns the number of input records marked.
    func settleAll(mark: (Entry) throws -> Void) async throws -> Int {
        var marked = try await advance(flushNow: true, mark: mark)
        while let pending = oldestPending {
            await pending.waitUntilComplete()
            marked += try await advance(flushNow: true, mark: mark)
        }
        return marked
    }

    /// What to wait for when too many batches wait for the broker: the
    /// oldest such batch's pending deliveries.
    var oldestPending: Sink.Deliveries? {
        contents.withLock { contents in
            for entry in contents.entries {
                switch entry.phase {
                case .outputs: if let pending = entry.outputs.first(where: { !$0.isComplete }) ?? entry.outputs.last { return pending }
                case .flushed(let deliveries): if let deliveries { return deliveries }
                case .buffered: continue
                }
            }
            return nil
        }
    }

    /// Marks every batch at the front whose flush is acknowledged.
    private func markCompleted(_ mark: (Entry) throws -> Void) throws -> Int {
        try contents.withLock { contents in
            var marked = 0
            while let first = contents.entries.first, case .flushed(let deliveries) = first.phase, deliveries?.isComplete ?? true {
                contents.entries.removeFirst()
                if let failure = deliveries?.failure { throw WorkerError.deliveryFailed(failure) }
                try mark(first)
                marked += first.records
            }
            return marked
        }
    }

    /// Buffers, in batch order, the state of the batches whose outputs are
    /// acknowledged; stops at the first one still waiting.
    private static func bufferAcknowledged(_ contents: inout Contents, at now: ContinuousClock.Instant) throws {
        for index in contents.entries.indices {
            guard case .outputs = contents.entries[index].phase else { continue }
            for outputs in contents.entries[index].outputs {
                guard outputs.isComplete else { return }
                if let failure = outputs.failure { throw WorkerError.deliveryFailed(failure) }
            }
            for state in contents.entries[index].state { contents.buffer.add(state, at: now) }
            contents.entries[index].state = []
            contents.entries[index].phase = .buffered
        }
    }

    /// Records that every buffered batch's state went out with `deliveries`.
    private static func flushed(_ contents: inout Contents, _ deliveries: Sink.Deliveries?) {
        for index in contents.entries.indices {
            if case .buffered = contents.entries[index].phase { contents.entries[index].phase = .flushed(deliveries) }
        }
    }
}
