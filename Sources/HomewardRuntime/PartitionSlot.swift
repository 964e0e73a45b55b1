import HomewardContract
import HomewardProcessing
import Kafka
import Synchronization

/// What processing one partition's records produced.
struct PartitionOutcome: Sendable {
    var step = StepResult()
    /// Where the partition stands after this batch, to write after its state.
    var checkpoint: PartitionCheckpoint?
    /// Inputs that could not be decoded or acted on: the record, why (for
    /// its dead letter), the reason's kind (for metrics) and why in words
    /// fit for a log (no value taken from the record).
    var rejected: [(record: KafkaRecord, reason: String, kind: String, logged: String)] = []
    var timersPending = 0
}

/// One owned partition: its processor and where its inputs stand, guarded
/// because the restorer builds it on the consumer's thread and the loop
/// hands it to a task of its own for each batch.
final class PartitionSlot<Logic: WorkerLogic>: Sendable {
    let processor: Mutex<PartitionProcessor<Logic>>
    private let nextOffsets: Mutex<[String: Int64]>
    /// For a worker with several inputs: records waiting for their turn.
    private let merge: Mutex<LiveMerge<Logic.Input>?>
    /// Whether the rules still have to hear that the state was restored
    /// (``WorkerLogic/reactsToRestore``): done in the slot's first round.
    private let restoreStepPending: Mutex<Bool>

    /// How a slot with several inputs decides to wait for one.
    struct MergeClock: Sendable {
        let now: ContinuousClock.Instant
        /// The partition's end on the broker per input topic, where known.
        let highWatermarks: [String: Int64]
    }

    init(_ processor: sending PartitionProcessor<Logic>, nextOffsets: [String: Int64] = [:], inputTopics: [String] = []) {
        restoreStepPending = Mutex(processor.logic.reactsToRestore)
        let roles = processor.logic.inputRoles
        self.processor = Mutex(processor)
        self.nextOffsets = Mutex(nextOffsets)
        merge = Mutex(inputTopics.count > 1 ? LiveMerge(topics: inputTopics, roles: roles) : nil)
    }

    /// Whether records of earlier batches wait for their turn.
    var isHolding: Bool { merge.withLock { $0?.isHolding ?? false } }

    /// Whether the slot's first round, telling the rules the state was restored, is still to come.
    var awaitsRestoreStep: Bool { restoreStepPending.withLock { $0 } }

    /// Handles the inputs performed effects returned (they have no record
    /// and no offset): the rules record the effects' outcomes.
    func process(completions inputs: [Logic.Input], wallNow: Timestamp) -> PartitionOutcome {
        processor.withLock { processor in
            var outcome = PartitionOutcome()
            takeRestoreStep(&processor, wallNow: wallNow, into: &outcome)
            for input in inputs {
                do throws(BinaryDecodingError) {
                    try Logic.process(&processor, input, wallNow: wallNow, into: &outcome.step)
                } catch {
                    outcome.step.unreadableState.append((input.key, error))
                }
            }
            Logic.takeStateWrites(&processor, into: &outcome.step)
            outcome.timersPending = processor.store.timersPending
            outcome.checkpoint = PartitionCheckpoint(nextOffsets: nextOffsets.withLock { $0 }, streamTime: processor.streamTime)
            return outcome
        }
    }

    /// Once, before the slot's first input: tells the rules the state was restored.
    private func takeRestoreStep(_ processor: inout PartitionProcessor<Logic>, wallNow: Timestamp, into outcome: inout PartitionOutcome) {
        guard restoreStepPending.withLock({ pending in defer { pending = false }; return pending }) else { return }
        outcome.step.append(processor.restored(wallNow: wallNow))
    }

    func process(_ records: [KafkaRecord], topicPrefix: String, wallNow: Timestamp, merging: MergeClock? = nil) -> PartitionOutcome {
        let resumeAt = nextOffsets.withLock { $0 }
        var processed: [String: Int64] = [:]
        var outcome = processor.withLock { processor in
            var outcome = PartitionOutcome()
            // About one state write and one output per record: no regrowing.
            outcome.step.outputs.reserveCapacity(records.count)
            outcome.step.changelog.reserveCapacity(records.count)
            takeRestoreStep(&processor, wallNow: wallNow, into: &outcome)
            if let merging {
                process(records, topicPrefix: topicPrefix, wallNow: wallNow, merging: merging, resumeAt: resumeAt,
                        processor: &processor, outcome: &outcome, processed: &processed)
            } else if let topic = records.first?.topic {
                // One input topic (a worker with several is always given a merge
                // clock): decode and handle each record in turn.
                assert(records.allSatisfy { $0.topic == topic }, "records of several topics without a merge clock")
                let role = TopicRole(rawValue: String(topic.dropFirst(topicPrefix.count)))
                let resume = resumeAt[topic] ?? 0
                var next: Int64?
                for record in records {
                    // Already reflected in the restored state (an uncommitted tail).
                    if record.offset < resume { continue }
                    next = record.offset + 1
                    switch record.withUnsafeValue({ Logic.Input.decode($0, topicRole: role) }).flatMap({ Self.checkKey(of: record, $0) }) {
                    case .success(let input): handle(input, of: record, wallNow: wallNow, processor: &processor, outcome: &outcome)
                    case .failure(let rejection):
                        outcome.rejected.append((record, rejection.description, rejection.kind.rawValue, rejection.expectation))
                    }
                }
                if let next { processed[topic] = next }
            }
            // One changelog write per key the batch changed.
            Logic.takeStateWrites(&processor, into: &outcome.step)
            outcome.timersPending = processor.store.timersPending
            outcome.checkpoint = PartitionCheckpoint(streamTime: processor.streamTime)
            return outcome
        }
        let offsets = nextOffsets.withLock { offsets in
            offsets.merge(processed) { max($0, $1) }
            return offsets
        }
        outcome.checkpoint?.nextOffsets = offsets
        return outcome
    }

    /// Several input topics: records are decoded as they come and handled
    /// in time order across the topics (see ``LiveMerge``).
    private func process(_ records: [KafkaRecord], topicPrefix: String, wallNow: Timestamp, merging: MergeClock,
                         resumeAt: [String: Int64], processor: inout PartitionProcessor<Logic>, outcome: inout PartitionOutcome,
                         processed: inout [String: Int64]) {
        var lastTopic = "", role: TopicRole = ""
        var decoded: [LiveMerge<Logic.Input>.Pending] = []
        decoded.reserveCapacity(records.count)
        for record in records {
            let topic = record.topic
            // Already reflected in the restored state (an uncommitted tail).
            if let next = resumeAt[topic], record.offset < next { continue }
            if topic != lastTopic {  // records of a partition come in runs of one topic
                lastTopic = topic
                role = TopicRole(rawValue: String(topic.dropFirst(topicPrefix.count)))
            }
            decoded.append(.init(record: record, decoded: record.withUnsafeValue { Logic.Input.decode($0, topicRole: role) }))
        }
        let released = merge.withLock { merge in
            guard merge != nil else { return decoded }
            merge!.add(decoded)
            return merge!.release(now: merging.now, highWatermarks: merging.highWatermarks, resumeAt: resumeAt)
        }
        for pending in released {
            processed[pending.record.topic] = pending.record.offset + 1
            switch pending.decoded.flatMap({ Self.checkKey(of: pending.record, $0) }) {
            case .success(let input): handle(input, of: pending.record, wallNow: wallNow, processor: &processor, outcome: &outcome)
            case .failure(let rejection):
                outcome.rejected.append((pending.record, rejection.description, rejection.kind.rawValue, rejection.expectation))
            }
        }
    }

    /// `input`, unless `record`'s key is not the key `input` belongs to.
    private static func checkKey(of record: KafkaRecord, _ input: Logic.Input) -> Result<Logic.Input, EventRejection> {
        let expected = input.key
        let mismatch = record.withUnsafeKey { EventRejection.keyMismatch($0, expected: expected) }
        return mismatch.map { .failure($0) } ?? .success(input)
    }

    private func handle(_ input: Logic.Input, of record: KafkaRecord, wallNow: Timestamp, processor: inout PartitionProcessor<Logic>,
                        outcome: inout PartitionOutcome) {
        let before = outcome.step.outputs.count
        do {
            try Logic.process(&processor, input, wallNow: wallNow, into: &outcome.step)
        } catch {
            let reason = "the stored state of key \"\(input.key)\" cannot be read: \(error)"
            outcome.rejected.append((record, reason, "unreadable-state", reason))
        }
        rejectDeadLetters(of: input, record: record, after: before, outcome: &outcome)
    }

    /// The rules sent `input` to dead-letter: the record itself goes there,
    /// with where it came from, like an input that could not be decoded.
    private func rejectDeadLetters(of input: Logic.Input, record: KafkaRecord, after start: Int, outcome: inout PartitionOutcome) {
        guard outcome.step.outputs.count > start,
              outcome.step.outputs[start...].contains(where: { $0.deadLetter != nil && $0.key == input.key }) else { return }
        var kept = Array(outcome.step.outputs[..<start])
        for output in outcome.step.outputs[start...] {
            if let deadLetter = output.deadLetter, output.key == input.key {
                outcome.rejected.append((record, deadLetter.reason, deadLetter.kind, deadLetter.reason))
            } else {
                kept.append(output)
            }
        }
        outcome.step.outputs = kept
    }

    /// The partition's checkpoint now (after firing timers, say).
    func checkpoint() -> PartitionCheckpoint {
        PartitionCheckpoint(nextOffsets: nextOffsets.withLock { $0 }, streamTime: processor.withLock { $0.streamTime })
    }

    func advance(to now: Timestamp) -> StepResult {
        processor.withLock { Logic.advance(&$0, to: now) }
    }
}
