import Kafka

/// The offsets that performed effects hold back (see ``EffectPerformer``).
///
/// An effect starts once the batch whose state records its start is
/// durable, and it is finished once the round that recorded its outcome is
/// durable too. Meanwhile the offsets of its input partition are marked no
/// further than they were when it started: the offsets move only once the
/// outcome is recorded. (The checkpoint in the changelog moves with the
/// state that records the start, so that a restart does not process the
/// same input twice: the restored state itself names the effect that
/// started, and the rules send it again, in doubt.) Marks asked for
/// meanwhile are kept, and made once the last effect holding them finishes.
struct EffectHolds {
    /// Input records' next offsets as marked on the consumer.
    private var marked: [KafkaTopicPartition: Int64] = [:]
    /// Marks asked for and held back.
    private var wanted: [KafkaTopicPartition: Int64] = [:]
    /// Per effect: its input partition, and the marks it holds there (an
    /// input topic not marked yet is held entirely).
    private var holds: [UInt64: (partition: Int32, at: [KafkaTopicPartition: Int64])] = [:]
    private var lastToken: UInt64 = 0

    /// Effects started and not finished.
    var outstanding: Int { holds.count }

    /// Starts an effect on input partition `partition`: returns its token.
    mutating func start(partition: Int32) -> UInt64 {
        lastToken += 1
        holds[lastToken] = (partition, marked.filter { $0.key.partition == partition })
        return lastToken
    }

    /// Of `marks` asked for, those that may be made now; the rest are kept.
    mutating func admit(_ marks: [KafkaTopicPartition: Int64]) -> [KafkaTopicPartition: Int64] {
        for (partition, next) in marks { wanted[partition] = max(wanted[partition] ?? next, next) }
        return release()
    }

    /// Finishes the effects of `tokens` (those dropped by a revocation are
    /// ignored); returns the marks they no longer hold back.
    mutating func finish(_ tokens: [UInt64]) -> [KafkaTopicPartition: Int64] {
        for token in tokens { holds[token] = nil }
        return release()
    }

    /// Forgets `partitions` (revoked): their marks stay as they are, and
    /// their effects' outcomes, when they come, hold nothing.
    mutating func drop(_ partitions: [Int32]) {
        let revoked = Set(partitions)
        holds = holds.filter { !revoked.contains($0.value.partition) }
        marked = marked.filter { !revoked.contains($0.key.partition) }
        wanted = wanted.filter { !revoked.contains($0.key.partition) }
    }

    /// The wanted marks no effect holds back, removed from `wanted`.
    private mutating func release() -> [KafkaTopicPartition: Int64] {
        var admitted: [KafkaTopicPartition: Int64] = [:]
        for (partition, next) in wanted {
            var allowed = next
            for hold in holds.values where hold.partition == partition.partition {
                // Not marked when the effect started: nothing may be marked.
                allowed = min(allowed, hold.at[partition] ?? -1)
            }
            let current = marked[partition] ?? -1
            if next <= current { wanted[partition] = nil }
            guard allowed > current else { continue }
            admitted[partition] = allowed
            marked[partition] = allowed
            if allowed == next { wanted[partition] = nil }
        }
        return admitted
    }
}
