public import HomewardContract

/// The state of one partition of one worker, in memory: a record per key and
/// an index of every pending timer. Backed by the changelog: every change
/// returns the ``ChangelogWrite`` that makes it durable.
public struct PartitionStore<State: StateCodable>: Sendable {
    private(set) var records: [String: KeyRecord<State>] = [:]
    private var timers = TimerQueue()
    /// The number of timers pending.
    public private(set) var timersPending = 0

    /// Creates an empty store.
    public init() {}

    /// The number of keys with state or timers.
    public var keyCount: Int { records.count }

    /// The record of `key`, if any.
    public func record(for key: String) -> KeyRecord<State>? { records[key] }

    // MARK: Restore

    /// Applies one changelog record during restore: the last value per key
    /// wins (the embedded broker does not compact); `nil` deletes the key.
    /// Call ``finishRestore()`` afterwards.
    public mutating func restore(key: String, value: [UInt8]?) throws {
        if let value {
            records[key] = try KeyRecord<State>(encoded: value)
        } else {
            records[key] = nil
        }
    }

    /// Rebuilds the timer index after ``restore(key:value:)``.
    public mutating func finishRestore() {
        var slots: [TimerSlot] = []
        for (key, record) in records {
            for timer in record.timers { slots.append(TimerSlot(due: timer.due, key: key, id: timer.id)) }
        }
        timersPending = slots.count
        timers.rebuild(slots)
    }

    // MARK: Changes

    /// Applies `effects` to `key` (after removing `consumedTimer`, if one
    /// fired) and returns the changelog write, or nil if nothing changed.
    mutating func apply(_ effects: Effects<State>, to key: String, consumedTimer: String? = nil) -> ChangelogWrite? {
        let existing = records[key]
        var record = existing ?? KeyRecord<State>()
        if let consumedTimer { record.timers.removeAll { $0.id == consumedTimer } }
        switch effects.state {
        case .unchanged: break
        case .set(let state): record.state = state
        case .delete: record = KeyRecord<State>()
        }
        if !effects.cancelTimers.isEmpty {
            let cancelled = Set(effects.cancelTimers)
            record.timers.removeAll { cancelled.contains($0.id) }
        }
        for timer in effects.setTimers {
            if let index = record.timers.firstIndex(where: { $0.id == timer.id }) {
                record.timers[index] = timer
            } else {
                record.timers.append(timer)
            }
            timers.insert(TimerSlot(due: timer.due, key: key, id: timer.id))
        }
        timersPending += record.timers.count - (existing?.timers.count ?? 0)
        if record.isEmpty {
            guard existing != nil else { return nil }
            records[key] = nil
            return ChangelogWrite(key: key, value: nil)
        }
        guard record != existing else { return nil }
        records[key] = record
        return ChangelogWrite(key: key, value: record.encoded())
    }

    /// The earliest pending timer due at or before `limit` (strictly before
    /// when `inclusive` is false), without removing it.
    mutating func nextDueTimer(upTo limit: Timestamp, inclusive: Bool) -> (key: String, timer: DurableTimer)? {
        while let slot = timers.first {
            guard inclusive ? slot.due <= limit : slot.due < limit else { return nil }
            if let timer = records[slot.key]?.timers.first(where: { $0.id == slot.id }), timer.due == slot.due {
                return (slot.key, timer)
            }
            timers.removeFirst()  // stale: cancelled, replaced or already fired
        }
        return nil
    }

    /// The time of the earliest pending timer.
    public mutating func earliestTimer() -> Timestamp? {
        nextDueTimer(upTo: Timestamp(millisecondsSinceEpoch: .max), inclusive: true)?.timer.due
    }
}
