import CRdkafka
public import Logging

/// A member of a consumer group that joins only to learn whether it is
/// alone there and, while it is, to move the group's committed offsets: how
/// an operator's tool rewinds the group of workers that must all be stopped.
///
/// The claim subscribes to the group's topics and waits for the group to
/// hand it partitions. Handed every partition of those topics, it is the
/// group's only member: no instance of the group's application is running
/// (one that crashed and has not been heard of for its session timeout is
/// no longer a member). Handed fewer, others are in the group, and the
/// claim commits nothing. It fetches nothing: the partitions are paused as
/// soon as they are handed. It stays in the group until ``leave()``, so an
/// instance that starts meanwhile makes the group rebalance, which
/// ``heldSinceJoin`` reports; its commits are a member's commits.
///
/// Why join rather than commit from outside: a real broker refuses an
/// outsider's commit (`UNKNOWN_MEMBER_ID`) while the group has members, but
/// the embedded broker refuses it whenever the group exists, members or
/// not, so only a member's view tells the two apart on both. Joining makes
/// the running members of a real cluster's group rebalance once, as any
/// new instance would; they give their partitions back and take them again.
public final class KafkaGroupClaim: Sendable {
    private let consumer: KafkaConsumer
    private let membership: LockedValue<Membership>
    private let assignments: AsyncStream<Set<KafkaTopicPartition>>
    private let drain: Task<Void, Never>

    /// What the group did with this member.
    private struct Membership {
        /// The partitions the group first handed it.
        var first: Set<KafkaTopicPartition>?
        /// Whether the group has moved partitions since.
        var movedSince = false
    }

    /// Joins `configuration`'s group, subscribed to `topics`. Use the
    /// assignor the group's members use: a group refuses a member whose
    /// assignor none of its members share.
    ///
    /// - Throws: ``KafkaError`` if the configuration has no group, or the
    ///   consumer cannot be created or subscribed.
    public init(configuration: KafkaConsumerConfiguration, topics: [String], logger: Logger) throws(KafkaError) {
        guard configuration.groupID != nil else {
            throw KafkaError(operation: .assignment, code: 0, message: "a group claim needs KafkaConsumerConfiguration.groupID",
                             isRetriable: false)
        }
        let (assignments, assigned) = AsyncStream.makeStream(of: Set<KafkaTopicPartition>.self)
        let membership = LockedValue(Membership())
        let handler = KafkaRebalanceClosures(
            assigned: { partitions, _ in
                let first = membership.withLock { state in
                    if state.first == nil { state.first = Set(partitions); return true }
                    state.movedSince = true
                    return false
                }
                if first { assigned.yield(Set(partitions)) }
            },
            revoked: { _, _, _ in membership.withLock { if $0.first != nil { $0.movedSince = true } } })
        let consumer = try KafkaConsumer(configuration: configuration, rebalanceHandler: handler, logger: logger)
        try consumer.subscribe(to: topics)
        self.consumer = consumer
        self.membership = membership
        self.assignments = assignments
        // Records fetched before the pause are dropped; asking for batches
        // also keeps the member polling, as a group requires of its members.
        drain = Task {
            do { for try await _ in consumer.batches {} } catch {}
        }
    }

    /// Waits until the group hands this member its partitions (a join takes
    /// seconds; longer while running members rejoin or a crashed one's
    /// session runs out), pauses them, and returns them.
    ///
    /// - Throws: ``KafkaError`` (`_TIMED_OUT`) if nothing is handed within `limit`.
    public func join(within limit: Duration) async throws(KafkaError) -> Set<KafkaTopicPartition> {
        let assignments = self.assignments
        let handed = await withTaskGroup(of: Set<KafkaTopicPartition>?.self) { race in
            race.addTask {
                for await partitions in assignments { return partitions }
                return nil
            }
            race.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await race.next() ?? nil
            race.cancelAll()
            return first
        }
        guard let handed else {
            throw KafkaError(operation: .assignment, code: RD_KAFKA_RESP_ERR__TIMED_OUT, context: "the group handed no partitions within \(limit)")
        }
        if !handed.isEmpty { try consumer.pause(Array(handed)) }
        return handed
    }

    /// Whether the group has moved no partition since this member joined:
    /// no member joined or left, so it still holds what it was handed.
    public var heldSinceJoin: Bool {
        membership.withLock { $0.first != nil && !$0.movedSince }
    }

    /// Commits `offsets` (the next offset to read, per partition) as this
    /// member; see ``KafkaConsumer/commit(_:)``.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        try await consumer.commit(offsets)
    }

    /// Leaves the group (committing nothing more). Call it once done,
    /// whatever happened.
    public func leave() async {
        await consumer.close()
        await drain.value
    }
}
