public import HomewardContract

/// The state of one partition of one worker, in memory: each key's
/// changelog value (an encoded ``KeyRecord``, decoded when the key is
/// touched) and an index of the keys with timers, by their earliest timer.
/// Keeping the encoded bytes makes restore a copy and keeps a key's
/// footprint near its encoded size.
///
/// A changed key is kept decoded until ``takeWrites(into:)`` encodes it and
/// returns the ``ChangelogWrite`` that makes it durable, so a key touched
/// many times in one batch is encoded (and, after the first, decoded) once.
///
/// The changes a step makes are inlinable, so each worker's conformance to
/// ``WorkerLogic`` gets a copy specialized for its state (see
/// ``WorkerLogic/process(_:_:wallNow:into:)``).
public struct PartitionStore<State: StateCodable>: Sendable {
    @usableFromInline var records: [String: [UInt8]] = [:]
    /// Keys changed since the last ``takeWrites(into:)``, decoded (an empty
    /// record: deleted), in the order they first changed; they supersede
    /// `records`. A list, so that taking the writes hashes no key again.
    @usableFromInline var changed: [(key: String, record: KeyRecord<State>)] = []
    /// Where each key of `changed` is in it.
    @usableFromInline var changedPositions: [String: Int] = [:]
    @usableFromInline var timers = MinHeap<TimerSlot>()
    /// During restore: keys whose restored value had timers (or could not
    /// be told), so indexing does not scan every key.
    private var restoredWithTimers: [String] = []
    @usableFromInline var pendingTimerCount = 0

    /// The number of timers pending.
    public var timersPending: Int { pendingTimerCount }

    /// Creates an empty store.
    public init() {}

    /// The number of keys with state or timers.
    public var keyCount: Int {
        var count = records.count
        for (key, record) in changed {
            let stored = records[key] != nil
            if record.isEmpty, stored { count -= 1 } else if !record.isEmpty, !stored { count += 1 }
        }
        return count
    }

    /// Every key with a record, stored or changed since, in no order.
    public var keys: [String] {
        var keys = Set(records.keys)
        for (key, record) in changed where !record.isEmpty { keys.insert(key) }
        return Array(keys)
    }

    /// The record of `key`, if any.
    ///
    /// - Throws: ``BinaryDecodingError`` if the stored value cannot be read
    ///   (written by an unknown format, or corrupted on the changelog topic).
    @inlinable
    public func record(for key: String) throws(BinaryDecodingError) -> KeyRecord<State>? {
        if let position = changedPositions[key] { return changed[position].record.isEmpty ? nil : changed[position].record }
        guard let bytes = records[key] else { return nil }
        return try KeyRecord<State>(encoded: bytes)
    }

    // MARK: Restore

    /// Applies one changelog record during restore: the last value per key
    /// wins (the embedded broker does not compact); `nil` deletes the key.
    /// Call ``finishRestore()`` afterwards.
    public mutating func restore(key: String, value: [UInt8]?) {
        records[key] = value
        if let value, KeyRecord<State>.mayHaveTimers(encoded: value) { restoredWithTimers.append(key) }
    }

    /// Makes room for `keys` keys before a restore (on a compacted changelog
    /// the record count is close to the key count).
    public mutating func reserveCapacity(_ keys: Int) {
        records.reserveCapacity(keys)
    }

    /// Checks every restored value can be read by this build and indexes
    /// the timers of every restored key.
    ///
    /// - Throws: ``BinaryDecodingError`` for a value a newer build wrote
    ///   (naming the formats and the fix), or naming the key whose value cannot be read.
    public mutating func finishRestore() throws(BinaryDecodingError) {
        // A value a newer build wrote stops the restore, not a step much later.
        for value in records.values { try KeyRecord<State>.checkReadable(value) }
        let candidates = restoredWithTimers
        restoredWithTimers = []
        try reindexTimers(keys: candidates)
    }

    /// Rebuilds the timer index from the records (or only `keys`, when no
    /// other key can have timers): one entry per key with timers, none stale.
    @usableFromInline
    mutating func reindexTimers(keys: [String]? = nil) throws(BinaryDecodingError) {
        var slots: [TimerSlot] = []
        var pending = 0
        let scanned: [(key: String, value: [UInt8])]
        if let keys {
            var seen = Set<String>()
            scanned = keys.compactMap { key in seen.insert(key).inserted ? records[key].map { (key, $0) } : nil }
        } else {
            scanned = records.compactMap { changedPositions[$0.key] == nil ? ($0.key, $0.value) : nil }
            for (key, record) in changed {
                pending += record.timers.count
                if let first = record.timers.earliest { slots.append(TimerSlot(due: first.due, key: key)) }
            }
        }
        for (key, bytes) in scanned {
            let keyTimers: [DurableTimer]
            do {
                keyTimers = try KeyRecord<State>.timers(inEncoded: bytes)
            } catch {
                throw BinaryDecodingError(description: "key \"\(key)\": \(error.description)")
            }
            pending += keyTimers.count
            if let first = keyTimers.earliest { slots.append(TimerSlot(due: first.due, key: key)) }
        }
        pendingTimerCount = pending
        timers.rebuild(slots)
    }

    // MARK: Changes

    /// Runs `rules` on `key`'s record in place (decoded from its stored value
    /// when the key is first touched since the last ``takeWrites(into:)``)
    /// after removing `consumedTimer` (a timer that fired) from its timers:
    /// they change the state in place, then the effects they return are
    /// applied and their outputs returned. The changelog write follows from
    /// ``takeWrites(into:)``.
    ///
    /// - Throws: ``BinaryDecodingError`` if the stored value cannot be read
    ///   (nothing is changed then).
    @inlinable
    mutating func change(_ key: String, consumedTimer: String? = nil,
                         _ rules: (_ state: inout State?, _ timers: [DurableTimer]) -> Effects<State>) throws(BinaryDecodingError) -> [OutputRecord] {
        let position: Int
        if let found = changedPositions[key] {
            position = found
        } else {
            var loaded = KeyRecord<State>()
            if let bytes = records[key] { loaded = try KeyRecord<State>(encoded: bytes) }
            position = hold(consume loaded, for: key)
        }
        // Moved out of the list for the change and back after it: every read
        // through the list's getter could copy the whole record (the state
        // with every string and array in it) and destroy the copy again.
        var record = KeyRecord<State>()
        swap(&record, &changed[position].record)
        let previousTimerCount = record.timers.count
        let previousEarliest = record.timers.earliest?.due
        if let consumedTimer { record.timers.removeAll { $0.id == consumedTimer } }
        // The state is changed in place and the timers read in place: no copy of either.
        let effects = rules(&record.state, record.timers)
        let outputs = effects.outputs, cancelTimers = effects.cancelTimers, setTimers = effects.setTimers
        switch (consume effects).state {
        case .unchanged: break
        case .set(let state): record.state = state
        case .delete: record = KeyRecord<State>()
        }
        if !cancelTimers.isEmpty {
            let cancelled = Set(cancelTimers)
            record.timers.removeAll { cancelled.contains($0.id) }
        }
        for timer in setTimers {
            if let position = record.timers.firstIndex(where: { $0.id == timer.id }) {
                record.timers[position] = timer
            } else {
                record.timers.append(timer)
            }
        }
        pendingTimerCount += record.timers.count - previousTimerCount
        let earliest = record.timers.earliest?.due
        swap(&record, &changed[position].record)
        if let earliest, earliest != previousEarliest || consumedTimer != nil {
            timers.insert(TimerSlot(due: earliest, key: key))
            // Only now: compaction rebuilds the index from the records, which
            // must already hold this key's new timers (or the new one is lost).
            compactTimerIndexIfStale()
        }
        return outputs
    }

    /// Makes `record` `key`'s decoded record until the next
    /// ``takeWrites(into:)`` and returns where it is held.
    @inlinable
    mutating func hold(_ record: consuming KeyRecord<State>, for key: String) -> Int {
        changedPositions[key] = changed.count
        changed.append((key, record))
        return changed.count - 1
    }

    /// Encodes every key changed since the last call into the stored values
    /// and appends their changelog writes to `writes`, in the order the keys
    /// first changed: one per key (its last value; `nil` for a deleted key),
    /// none for a key whose encoding did not change.
    @inlinable
    public mutating func takeWrites(into writes: inout [ChangelogWrite]) {
        guard !changed.isEmpty else { return }
        for position in changed.indices {
            let key = changed[position].key
            // Moved out (the list is emptied below): reading it through the getter could copy it.
            var record = KeyRecord<State>()
            swap(&record, &changed[position].record)
            if record.isEmpty {
                if records.removeValue(forKey: key) != nil { writes.append(ChangelogWrite(key: key, value: nil)) }
                continue
            }
            let index = records.index(forKey: key)
            let previous = index.map { records.values[$0] }
            var encoded = record.encoded(capacity: previous.map { $0.count + 16 } ?? 192)
            guard encoded != previous else { continue }
            if encoded.capacity > encoded.count + 32 {
                // Grown past its first guess: keep it at its size (the store holds every key).
                encoded = [UInt8](unsafeUninitializedCapacity: encoded.count) { buffer, count in
                    count = encoded.withUnsafeBufferPointer { UnsafeMutableRawBufferPointer(buffer).copyBytes(from: $0) ; return $0.count }
                }
            }
            if let index { records.values[index] = encoded } else { records[key] = encoded }
            writes.append(ChangelogWrite(key: key, value: encoded))
        }
        // A small table is kept for the next batch; a large one is given back
        // (one per partition: kept, they would add up to a batch's worth each).
        let keep = changed.count <= 256
        changed.removeAll(keepingCapacity: keep)
        changedPositions.removeAll(keepingCapacity: keep)
    }

    /// The earliest pending timer due at or before `limit` (strictly before
    /// when `inclusive` is false), with its key; or the error that the key's
    /// value cannot be read (the timer is dropped: it could not fire without
    /// its state). Its index entry is removed: the caller fires the timer
    /// with ``change(_:consumedTimer:_:)``, which indexes the key's remaining
    /// timers (an entry left in place would surface again, stale, and cost a
    /// lookup then). The key's record is decoded once, for the firing.
    @inlinable
    mutating func nextDueTimer(upTo limit: Timestamp, inclusive: Bool)
        -> (key: String, due: Result<DurableTimer, BinaryDecodingError>)? {
        while let slot = timers.first {
            guard inclusive ? slot.due <= limit : slot.due < limit else { return nil }
            // Every entry that surfaces leaves the index: handed out (the
            // firing indexes the key's remaining timers) or stale (the key's
            // timers changed since).
            timers.removeFirst()
            if let position = changedPositions[slot.key] {
                if let timer = Self.earliestTimer(of: &changed[position].record), timer.due == slot.due { return (slot.key, .success(timer)) }
            } else if let bytes = records[slot.key] {
                do {
                    // A stale entry is told from the timers alone.
                    if let record = try KeyRecord<State>.decode(bytes, ifTimers: { $0.earliest?.due == slot.due }),
                       let timer = record.timers.earliest {
                        _ = hold(consume record, for: slot.key)  // decoded once: the firing changes it in place
                        return (slot.key, .success(timer))
                    }
                } catch {
                    return (slot.key, .failure(error))
                }
            }
        }
        return nil
    }

    /// The earliest timer of a held record. `inout` only so that the list
    /// lends the record in place: its getter could copy the whole record.
    @inlinable
    static func earliestTimer(of record: inout KeyRecord<State>) -> DurableTimer? { record.timers.earliest }

    /// Whether the timer index has an entry due by `limit` (it may be stale):
    /// a cheap check before the work of firing.
    @inlinable
    func mayHaveTimerDue(upTo limit: Timestamp, inclusive: Bool) -> Bool {
        guard let first = timers.first else { return false }
        return inclusive ? first.due <= limit : first.due < limit
    }

    /// Keeps stale index entries (left by changed timers) to at most about
    /// one per key, so memory stays proportional to the keys held.
    @inlinable
    mutating func compactTimerIndexIfStale() {
        guard timers.count > max(2 * (records.count + changed.count), 4_096) else { return }
        try? reindexTimers()  // a key that cannot be read keeps no entry; it fails when next touched
    }
}
