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
///
/// Effects start in mark order, so on each partition an earlier effect
/// holds the offsets at least as far back as a later one: the oldest
/// effect under way on a partition decides how far it may be marked.
struct EffectHolds {
    /// One effect under way: its token and the marks of its partition when it started.
    private struct Hold {
        let token: UInt64
        let at: [KafkaTopicPartition: Int64]
    }

    /// Input records' next offsets as marked on the consumer.
    private var marked: [KafkaTopicPartition: Int64] = [:]
    /// Marks asked for and held back.
    private var wanted: [KafkaTopicPartition: Int64] = [:]
    /// Per input partition, its effects in the order they started (finished
    /// ones are dropped from the front once every earlier one finished).
    private var holds: [Int32: [Hold]] = [:]
    /// The partition of each effect under way.
    private var partitionOf: [UInt64: Int32] = [:]
    /// Effects finished while an earlier one on their partition is still under way.
    private var finishedEarly: Set<UInt64> = []
    private var lastToken: UInt64 = 0

    /// Effects started and not finished.
    var outstanding: Int { partitionOf.count }

    /// Starts an effect on input partition `partition`: returns its token.
    mutating func start(partition: Int32) -> UInt64 {
        lastToken += 1
        holds[partition, default: []].append(Hold(token: lastToken, at: marked.filter { $0.key.partition == partition }))
        partitionOf[lastToken] = partition
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
        var touched: Set<Int32> = []
        for token in tokens {
            guard let partition = partitionOf.removeValue(forKey: token) else { continue }
            finishedEarly.insert(token)
            touched.insert(partition)
        }
        for partition in touched {
            var queue = holds[partition] ?? []
            let done = queue.prefix { finishedEarly.remove($0.token) != nil }.count
            queue.removeFirst(done)
            holds[partition] = queue.isEmpty ? nil : queue
        }
        return release()
    }

    /// Forgets `partitions` (revoked): their marks stay as they are, and
    /// their effects' outcomes, when they come, hold nothing.
    mutating func drop(_ partitions: [Int32]) {
        for partition in partitions {
            for hold in holds.removeValue(forKey: partition) ?? [] {
                partitionOf[hold.token] = nil
                finishedEarly.remove(hold.token)
            }
        }
        let revoked = Set(partitions)
        marked = marked.filter { !revoked.contains($0.key.partition) }
        wanted = wanted.filter { !revoked.contains($0.key.partition) }
    }

    /// The wanted marks no effect holds back, removed from `wanted`.
    private mutating func release() -> [KafkaTopicPartition: Int64] {
        var admitted: [KafkaTopicPartition: Int64] = [:]
        for (partition, next) in wanted {
            var allowed = next
            // The oldest effect under way holds furthest back; not marked
            // when it started, nothing may be marked.
            if let oldest = holds[partition.partition]?.first { allowed = min(allowed, oldest.at[partition] ?? -1) }
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
