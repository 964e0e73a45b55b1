public import HomewardContract

/// A timer that belongs to one key's state: it survives restarts and moves
/// with its partition. Its `id` is unique within the key; setting a timer
/// with an existing id replaces it.
public struct DurableTimer: Sendable, Hashable {
    /// Unique within the key; deterministic (derived from what set it).
    public var id: String
    /// When it is due.
    public var due: Timestamp
    /// What the worker needs to know when it fires (small, opaque to the runtime).
    public var payload: [UInt8]

    /// Creates a timer.
    public init(id: String, due: Timestamp, payload: [UInt8] = []) {
        self.id = id
        self.due = due
        self.payload = payload
    }
}

/// A key's place in the timer index: the due time of its earliest timer.
/// Keys are ordered by that time, then by key; within a key, timers fire by
/// due time, then id. So timers fire by (due, key, id) while the index holds
/// one entry per key, not one per timer.
@usableFromInline
struct TimerSlot: Hashable, Comparable, Sendable {
    @usableFromInline let due: Timestamp
    @usableFromInline let key: String

    @inlinable init(due: Timestamp, key: String) {
        self.due = due
        self.key = key
    }

    @inlinable static func < (lhs: TimerSlot, rhs: TimerSlot) -> Bool {
        (lhs.due, lhs.key) < (rhs.due, rhs.key)
    }
}

extension [DurableTimer] {
    /// The timer that fires first: earliest due, then smallest id.
    @inlinable var earliest: DurableTimer? {
        self.min { ($0.due, $0.id) < ($1.due, $1.id) }
    }
}
