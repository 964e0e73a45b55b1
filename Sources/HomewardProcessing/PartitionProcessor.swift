public import HomewardContract

/// How a worker tells time.
public enum WorkerClock: Sendable, Hashable {
    /// Production: timers fire when the wall clock passes them.
    case wall
    /// Replay and simulation: time is the largest event time seen on the
    /// partition, so a year of history runs in seconds.
    case stream
}

/// What one step produced, in order: records to produce and changelog writes.
public struct StepResult: Sendable {
    /// Output records, in the order the rules produced them.
    public var outputs: [OutputRecord] = []
    /// Changelog writes, in order (a later write of a key supersedes an earlier one).
    public var changelog: [ChangelogWrite] = []
    /// Keys whose due timers were dropped because their stored state could
    /// not be read, with why (a bug or a foreign write on the changelog).
    public var unreadableState: [(key: String, error: BinaryDecodingError)] = []

    /// Creates an empty result.
    public init() {}

    /// Appends `other`'s outputs, writes and unreadable keys.
    public mutating func append(_ other: StepResult) {
        outputs += other.outputs
        changelog += other.changelog
        unreadableState += other.unreadableState
    }
}

/// Runs a worker's rules over one partition: its store, its timers, its clock.
///
/// Stream-time rule (deterministic, and the same live and in replay): before
/// an input at time *t*, timers due strictly before *t* fire (each at its due
/// time); then the input is handled; then timers due at or before the new
/// stream time fire. A timer therefore never fires twice: firing removes it.
public struct PartitionProcessor<Logic: WorkerLogic>: Sendable {
    /// The worker's rules.
    public var logic: Logic { rules.logic }
    /// The rules, shared: a step hands them to the store's change by one
    /// reference (a copy of the worker would retain and release every
    /// string and array of its policy at each step).
    @usableFromInline let rules: SharedRules<Logic>
    /// The clock mode.
    public let clock: WorkerClock
    @usableFromInline var partitionStore: PartitionStore<Logic.State>
    @usableFromInline var largestEventTime: Timestamp?

    /// The partition's state.
    public var store: PartitionStore<Logic.State> { partitionStore }
    /// The largest event time seen (stream clock).
    public var streamTime: Timestamp? { largestEventTime }
    /// Keys changed since their writes were last taken (kept decoded until then).
    public var changedKeyCount: Int { partitionStore.changed.count }

    /// Creates a processor over a (restored) store and stream time.
    public init(logic: Logic, clock: WorkerClock, store: PartitionStore<Logic.State> = PartitionStore(), streamTime: Timestamp? = nil) {
        rules = SharedRules(logic)
        self.clock = clock
        partitionStore = store
        largestEventTime = streamTime
    }

    /// Handles one input. `wallNow` is the wall clock (used in `.wall` mode).
    ///
    /// - Throws: ``BinaryDecodingError`` if the key's stored state cannot be
    ///   read; nothing is changed for the key (the input is for dead-letter).
    public mutating func process(_ input: Logic.Input, wallNow: Timestamp) throws(BinaryDecodingError) -> StepResult {
        var result = StepResult()
        // On a throw, changes made before it (timers fired) stay for the next step's writes.
        try Logic.process(&self, input, wallNow: wallNow, into: &result)
        Logic.takeStateWrites(&self, into: &result)
        return result
    }

    /// Handles one input, appending its outputs to `result` (saves a result
    /// per input when a batch is processed); its state changes stay in the
    /// store, decoded, until ``takeStateWrites(into:)`` (once per batch, so a
    /// key touched many times is encoded once). Generic code calls
    /// ``WorkerLogic/process(_:_:wallNow:into:)`` instead, which runs this
    /// specialized for the worker.
    ///
    /// - Throws: ``BinaryDecodingError`` if the key's stored state cannot be
    ///   read; nothing is changed for the key (the input is for dead-letter).
    @inlinable
    public mutating func process(_ input: Logic.Input, wallNow: Timestamp, into result: inout StepResult) throws(BinaryDecodingError) {
        let now: Timestamp
        switch clock {
        case .stream:
            if partitionStore.mayHaveTimerDue(upTo: input.time, inclusive: false) {
                fireTimers(upTo: input.time, inclusive: false, wallNow: nil, into: &result)
            }
            let advanced = max(largestEventTime ?? input.time, input.time)
            largestEventTime = advanced
            now = advanced
        case .wall:
            now = wallNow
        }
        let rules = self.rules
        result.outputs += try partitionStore.change(input.key) { state, timers in
            rules.logic.handle(input, updating: &state, timers: timers, now: now)
        }
        switch clock {
        case .stream:
            if partitionStore.mayHaveTimerDue(upTo: now, inclusive: true) { fireTimers(upTo: now, inclusive: true, wallNow: nil, into: &result) }
        case .wall:
            if partitionStore.mayHaveTimerDue(upTo: wallNow, inclusive: true) { fireTimers(upTo: wallNow, inclusive: true, wallNow: wallNow, into: &result) }
        }
    }

    /// Fires every timer due by `now` (wall clock), or by `now` as stream
    /// time when replay ends (`--until`). Generic code calls
    /// ``WorkerLogic/advance(_:to:)`` instead (specialized for the worker).
    @inlinable
    public mutating func advance(to now: Timestamp) -> StepResult {
        var result = StepResult()
        switch clock {
        case .wall:
            fireTimers(upTo: now, inclusive: true, wallNow: now, into: &result)
        case .stream:
            largestEventTime = max(largestEventTime ?? now, now)
            fireTimers(upTo: now, inclusive: true, wallNow: nil, into: &result)
        }
        takeStateWrites(into: &result)
        return result
    }

    /// Tells the rules that every key's state was restored
    /// (``WorkerLogic/restored(key:updating:timers:now:)``), at the wall
    /// clock or the partition's stream time; returns what they did.
    /// Nothing for a worker that does not react to a restore.
    public mutating func restored(wallNow: Timestamp) -> StepResult {
        var result = StepResult()
        guard logic.reactsToRestore else { return result }
        let now = clock == .wall ? wallNow : (largestEventTime ?? wallNow)
        let rules = self.rules
        for key in partitionStore.keys.sorted() {
            do {
                result.outputs += try partitionStore.change(key) { state, timers in
                    rules.logic.restored(key: key, updating: &state, timers: timers, now: now)
                }
            } catch {
                result.unreadableState.append((key, error))
            }
        }
        takeStateWrites(into: &result)
        return result
    }

    /// Appends to `result` the changelog writes of every key changed since
    /// the last call (one per key). Generic code calls
    /// ``WorkerLogic/takeStateWrites(_:into:)`` instead (specialized for the worker).
    @inlinable
    public mutating func takeStateWrites(into result: inout StepResult) {
        partitionStore.takeWrites(into: &result.changelog)
    }

    @inlinable
    mutating func fireTimers(upTo limit: Timestamp, inclusive: Bool, wallNow: Timestamp?, into result: inout StepResult) {
        let rules = self.rules
        while let (key, due) = partitionStore.nextDueTimer(upTo: limit, inclusive: inclusive) {
            let timer: DurableTimer
            switch due {
            case .success(let next): timer = next
            case .failure(let error):
                result.unreadableState.append((key, error))
                continue
            }
            let now = wallNow ?? timer.due
            // The key's record was loaded by nextDueTimer: this cannot throw.
            result.outputs += (try? partitionStore.change(key, consumedTimer: timer.id) { state, remaining in
                rules.logic.fire(timer, key: key, updating: &state, timers: remaining, now: now)
            }) ?? []
        }
    }
}

/// A worker's rules behind one reference (see ``PartitionProcessor``).
@usableFromInline
final class SharedRules<Logic: WorkerLogic>: Sendable {
    @usableFromInline let logic: Logic

    @usableFromInline init(_ logic: Logic) { self.logic = logic }
}
