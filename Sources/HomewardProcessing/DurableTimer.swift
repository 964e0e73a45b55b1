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

/// The order timers fire in: by due time, then key, then id.
struct TimerSlot: Hashable, Comparable {
    let due: Timestamp
    let key: String
    let id: String

    static func < (lhs: TimerSlot, rhs: TimerSlot) -> Bool {
        (lhs.due, lhs.key, lhs.id) < (rhs.due, rhs.key, rhs.id)
    }
}
