import HomewardContract
import HomewardProcessing
import Kafka

/// One partition's records of a worker with several co-partitioned inputs
/// (the escalator reads `case-events` and `reminders`), taken in time order
/// across them by the one merge rule (``TimeOrderedMerge``), waiting for an
/// input as ``MergeWaitRule`` says, as far as the records' ``ReadPosition``
/// headers require.
struct LiveMerge<Input: WorkerInput>: Sendable {
    /// A record waiting for its turn, decoded (or rejected) as it came.
    struct Pending: Sendable {
        let record: KafkaRecord
        let decoded: Result<Input, EventRejection>

        /// The input's time; nil when it could not be decoded (it goes at once).
        var time: Timestamp? {
            if case .success(let input) = decoded { input.time } else { nil }
        }
    }

    /// The input topics, in merge order (earlier wins at equal times).
    private let topics: [String]
    /// Their roles, in the same order (``ReadPosition`` names an input by its role).
    private let roles: [TopicRole]
    private var merge: TimeOrderedMerge<Pending>
    private var waitRule: MergeWaitRule
    /// Per input: the offset after the last record this partition was handed.
    private var handed: [Int64]

    /// A merge of `topics` (of `roles`), earlier topics first at equal times.
    init(topics: [String], roles: [TopicRole]) {
        precondition(topics.count == roles.count, "a role for each input topic")
        self.topics = topics
        self.roles = roles
        merge = TimeOrderedMerge(inputs: topics.count)
        waitRule = MergeWaitRule(inputs: topics.count)
        handed = Array(repeating: 0, count: topics.count)
    }

    /// Whether records wait for their turn.
    var isHolding: Bool { merge.isHolding }

    /// Buffers `records`, in order (records of a partition come in runs of one topic).
    mutating func add(_ records: [Pending]) {
        var lastTopic = "", input: Int?
        for pending in records {
            if pending.record.topic != lastTopic {
                lastTopic = pending.record.topic
                input = topics.firstIndex(of: lastTopic)
            }
            guard let input else { continue }  // not one of the inputs: cannot happen
            handed[input] = max(handed[input], pending.record.offset + 1)
            requireReadPositions(of: pending.record, input: input)
            merge.add(pending, input: input, time: pending.time)
        }
    }

    /// The record was written after its writer read the other inputs this
    /// far on this partition: the merge waits for them to be handed that far.
    private mutating func requireReadPositions(of record: KafkaRecord, input: Int) {
        record.forEachHeader(named: ReadPosition.headerName) { value in
            guard let position = ReadPosition(headerValue: value), position.partition == record.partition,
                  let other = roles.firstIndex(of: position.role), other != input else { return }
            waitRule.requires(other, upTo: position.next)
        }
    }

    /// The records that may go now, in order. `highWatermarks` are the
    /// partition's ends on the broker per input topic, where known;
    /// `resumeAt` where each input resumed (records before it count as handed).
    mutating func release(now: ContinuousClock.Instant, highWatermarks: [String: Int64], resumeAt: [String: Int64]) -> [Pending] {
        for input in topics.indices where !merge.isEmpty(input) { waitRule.refilled(input) }
        var released: [Pending] = []
        var waitRule = self.waitRule
        let handed = topics.indices.map { max(self.handed[$0], resumeAt[topics[$0]] ?? 0) }
        merge.release(waitFor: { input in
            waitRule.waitFor(input, handed: handed[input], end: highWatermarks[topics[input]], now: now)
        }) { released.append($0) }
        self.waitRule = waitRule
        return released
    }
}
