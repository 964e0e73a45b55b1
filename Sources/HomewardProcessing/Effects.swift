public import HomewardContract

/// A record a worker wants produced.
public struct OutputRecord: Sendable, Hashable {
    /// The topic's role (`reminders`, `escalations`, …); the runtime adds the prefix.
    public var topicRole: TopicRole
    /// The record key (the case id, or the recipient id after fan-out).
    public var key: String
    /// The output event's deterministic id (so repeats are recognisable).
    public var id: String
    /// The event's time.
    public var time: Timestamp
    /// The encoded value (a CloudEvent in structured JSON mode).
    public var value: [UInt8]
    /// For a record to `dead-letter`: why the rules could not act on their
    /// input (the runtime adds the contract's headers); nil otherwise.
    public var deadLetter: DeadLetterReason?
    /// The counter the runtime adds the record to once it is produced
    /// (by kind, level, outcome); nil: counted in the worker's output total only.
    public var metric: OutputMetric?
    /// A tombstone: produced with a null value (`value` is empty), so that a
    /// compacted topic forgets the key.
    public var isTombstone = false

    /// Creates an output record.
    public init(topicRole: TopicRole, key: String, id: String, time: Timestamp, value: [UInt8], deadLetter: DeadLetterReason? = nil,
                metric: OutputMetric? = nil) {
        self.topicRole = topicRole
        self.key = key
        self.id = id
        self.time = time
        self.value = value
        self.deadLetter = deadLetter
        self.metric = metric
    }

    /// A tombstone for `key` on `topicRole`'s compacted topic; `id` names it
    /// (for logs and replays: it carries no event).
    public static func tombstone(topicRole: TopicRole, key: String, id: String, time: Timestamp) -> OutputRecord {
        var record = OutputRecord(topicRole: topicRole, key: key, id: id, time: time, value: [])
        record.isTombstone = true
        return record
    }
}

/// Why a worker's rules send an input to `dead-letter` (a role nobody
/// holds, a recipient missing from the directory, a permanent failure).
public struct DeadLetterReason: Sendable, Hashable {
    /// For a person, naming the fix (the `homeward-error` header).
    public var reason: String
    /// A short, fixed name for metrics (`unresolved-role`, `undeliverable`).
    public var kind: String

    /// Creates a reason.
    public init(reason: String, kind: String) {
        self.reason = reason
        self.kind = kind
    }
}

/// What one step of a worker's rules asks the runtime to do for one key.
public struct Effects<State: StateCodable>: Sendable {
    /// How the key's state changes.
    public enum StateChange: Sendable {
        /// Leave it as it is.
        case unchanged
        /// Replace it.
        case set(State)
        /// Delete it (and every timer of the key).
        case delete
    }

    /// Records to produce, in order.
    public var outputs: [OutputRecord]
    /// The state change.
    public var state: StateChange
    /// Timers to set (replacing any with the same id).
    public var setTimers: [DurableTimer]
    /// Ids of timers to cancel.
    public var cancelTimers: [String]

    /// Creates effects; by default nothing happens.
    public init(outputs: [OutputRecord] = [], state: StateChange = .unchanged,
                setTimers: [DurableTimer] = [], cancelTimers: [String] = []) {
        self.outputs = outputs
        self.state = state
        self.setTimers = setTimers
        self.cancelTimers = cancelTimers
    }

    /// Effects that leave the key's timers as `wanted`, given its `current`
    /// ones: sets those not set yet (or changed), cancels those no longer
    /// wanted; the state as the rules left it in place.
    @inlinable
    public init(outputs: [OutputRecord] = [], timers wanted: [DurableTimer], replacing current: [DurableTimer]) {
        self.init(outputs: outputs,
                  setTimers: wanted.filter { !current.contains($0) },
                  cancelTimers: current.filter { timer in !wanted.contains { $0.id == timer.id } }.map(\.id))
    }

    /// No effect at all.
    public static var none: Effects { Effects() }
}
