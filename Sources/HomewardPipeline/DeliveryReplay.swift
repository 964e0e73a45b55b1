public import HomewardContract
public import HomewardNotification
import HomewardProcessing

/// The notifier's delivery stage replayed offline, with stream time, as a
/// live delivery worker on stream time runs it: each recipient on the
/// partition of `notifications` the Kafka partitioner gives them, each
/// partition with its own stream time (its latest notification's time),
/// and the rules' timers firing as it passes them (before a notification
/// at time *t*, the timers due strictly before *t*, each at its due time;
/// after it, those due by the new stream time).
///
/// A send is written at once: its outcome (``SendOutcome/Result/writtenToFile``)
/// comes back to the rules at the same moment. So the e-mails handed to
/// the sink, with their `Date`, are those the live pipeline would send,
/// digests and quiet hours applied. Memory grows with the recipients'
/// state, not with the e-mails sent.
public struct DeliveryReplay: Sendable {
    private let rules: NotificationDelivery
    private var partitions: [Partition]

    private struct Partition: Sendable {
        var streamTime: Timestamp?
        var states: [Identifier: RecipientDeliveries] = [:]
        var timers = MinHeap<PendingTimer>()
        /// The timers in the heap, so that none is held twice.
        var queued: Set<PendingTimer> = []
        /// Each recipient's timers as last decided; a heap entry that
        /// differs from them is stale.
        var current: [Identifier: [DurableTimer]] = [:]
    }

    /// A replay of `rules` over `partitions` partitions of `notifications`.
    public init(rules: NotificationDelivery, partitions: Int) {
        self.rules = rules
        self.partitions = Array(repeating: Partition(), count: max(1, partitions))
    }

    /// Delivers `notification`; hands `sink` each e-mail as it goes out.
    public mutating func take(_ notification: StaffNotification, into sink: (OutgoingEmail) -> Void) {
        let index = KafkaKeyPartitioner.partition(of: notification.recipientId.rawValue, partitions: partitions.count)
        fireTimers(partition: index, before: notification.time, inclusive: false, into: sink)
        let now = max(partitions[index].streamTime ?? notification.time, notification.time)
        partitions[index].streamTime = now
        decide(.notification(notification), recipient: notification.recipientId, partition: index, now: now, into: sink)
        fireTimers(partition: index, before: now, inclusive: true, into: sink)
    }

    /// Advances every partition's stream time to `until`, firing what comes due.
    public mutating func finish(until: Timestamp, into sink: (OutgoingEmail) -> Void) {
        for index in partitions.indices {
            partitions[index].streamTime = max(partitions[index].streamTime ?? until, until)
            fireTimers(partition: index, before: until, inclusive: true, into: sink)
        }
    }

    private mutating func fireTimers(partition index: Int, before limit: Timestamp, inclusive: Bool, into sink: (OutgoingEmail) -> Void) {
        while let next = partitions[index].timers.first, inclusive ? next.due <= limit : next.due < limit {
            partitions[index].timers.removeFirst()
            partitions[index].queued.remove(next)
            guard let position = partitions[index].current[next.recipient]?.firstIndex(where: { $0.id == next.id && $0.due == next.due })
            else { continue }  // replaced since
            // Firing removes the timer: the rules set it again if they want it.
            let timer = partitions[index].current[next.recipient]!.remove(at: position)
            var state = partitions[index].states[next.recipient]
            let decision = rules.fire(timer, recipientId: next.recipient, state: &state, now: timer.due)
            apply(decision, state: state, recipient: next.recipient, partition: index, now: timer.due, into: sink)
        }
    }

    private mutating func decide(_ input: DeliveryInput, recipient: Identifier, partition index: Int, now: Timestamp,
                                 into sink: (OutgoingEmail) -> Void) {
        var state = partitions[index].states[recipient]
        let decision = rules.decide(input, recipientId: recipient, state: &state, now: now)
        apply(decision, state: state, recipient: recipient, partition: index, now: now, into: sink)
    }

    /// Stores the state and timers a decision left, then sends its e-mails,
    /// each answered at once as written.
    private mutating func apply(_ decision: DeliveryDecision, state: RecipientDeliveries?, recipient: Identifier,
                                partition index: Int, now: Timestamp, into sink: (OutgoingEmail) -> Void) {
        partitions[index].states[recipient] = state
        let previous = partitions[index].current[recipient] ?? []
        if decision.timers != previous {
            partitions[index].current[recipient] = decision.timers.isEmpty ? nil : decision.timers
            for timer in decision.timers where !previous.contains(timer) {
                let pending = PendingTimer(due: timer.due, recipient: recipient, id: timer.id)
                if partitions[index].queued.insert(pending).inserted { partitions[index].timers.insert(pending) }
            }
        }
        for email in decision.sends {
            sink(email)
            let outcome = SendOutcome(recipientId: recipient, messageId: email.messageId, attempt: email.attempt,
                                      result: .writtenToFile, at: now)
            decide(.outcome(outcome), recipient: recipient, partition: index, now: now, into: sink)
        }
    }
}

/// One recipient's timer in a partition's heap: earliest first, ties by
/// recipient, then id, so the order is deterministic.
struct PendingTimer: Sendable, Hashable, Comparable {
    let due: Timestamp
    let recipient: Identifier
    let id: String

    static func < (lhs: PendingTimer, rhs: PendingTimer) -> Bool {
        (lhs.due, lhs.recipient.rawValue, lhs.id) < (rhs.due, rhs.recipient.rawValue, rhs.id)
    }
}
