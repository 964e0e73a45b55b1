public import HomewardContract

/// An input a worker can consume: decodable from a record, with a key and a time.
public protocol WorkerInput: Sendable {
    /// Decodes a record's value read from the topic with `topicRole`.
    static func decode(_ bytes: UnsafeRawBufferPointer, topicRole: TopicRole) -> Result<Self, EventRejection>
    /// The key the input belongs to (its state's key).
    var key: String { get }
    /// The input's event time (drives stream time).
    var time: Timestamp { get }
}

extension CaseEvent: WorkerInput {
    /// Decodes and validates a case event.
    public static func decode(_ bytes: UnsafeRawBufferPointer, topicRole: TopicRole) -> Result<CaseEvent, EventRejection> {
        CaseEventValidator().validate(bytes)
    }

    /// The case id.
    public var key: String { subject.rawValue }
}

/// A worker's rules: pure functions of (state for the key, input or timer, now)
/// returning effects. The runtime owns all IO, so rules are testable without Kafka.
public protocol WorkerLogic: Sendable {
    /// What the worker consumes.
    associatedtype Input: WorkerInput
    /// What it remembers per key.
    associatedtype State: StateCodable

    /// The worker's name, used in dead-letter headers, metrics and group ids.
    var name: String { get }
    /// The roles of the topics it consumes (e.g. `["case-events"]`).
    var inputRoles: [TopicRole] { get }
    /// The role of its state changelog topic (e.g. `schedule-state`).
    var stateRole: TopicRole { get }

    /// The role of outputs the runtime performs rather than produces (the
    /// notifier's sends): each goes to the worker's ``EffectPerformer`` once
    /// the state the same step wrote is durable, and the input it returns
    /// comes back to the rules. Nil (the default): every output is produced.
    var performedRole: TopicRole? { get }
    /// Whether the runtime calls ``restored(key:updating:timers:now:)`` for
    /// every key of a partition once its state is restored (false by default).
    var reactsToRestore: Bool { get }

    /// Handles one input for its key.
    func handle(_ input: Input, state: State?, timers: [DurableTimer], now: Timestamp) -> Effects<State>
    /// Handles one of the key's timers coming due. `now` is when it fires
    /// (later than `timer.due` if the worker was down).
    func fire(_ timer: DurableTimer, key: String, state: State?, timers: [DurableTimer], now: Timestamp) -> Effects<State>

    /// The same rules as ``handle(_:state:timers:now:)``, changing the key's
    /// state in place: the runtime calls this one. The returned effects'
    /// state change is applied after the in-place change (`.unchanged`
    /// unless the rules delete or replace the state). A worker whose state
    /// is large implements it, so a step does not copy the state and every
    /// array of it it changes; the default calls the pure form.
    func handle(_ input: Input, updating state: inout State?, timers: [DurableTimer], now: Timestamp) -> Effects<State>
    /// The same rules as ``fire(_:key:state:timers:now:)``, changing the
    /// key's state in place (see ``handle(_:updating:timers:now:)``).
    func fire(_ timer: DurableTimer, key: String, updating state: inout State?, timers: [DurableTimer], now: Timestamp) -> Effects<State>
    /// The key's state was restored after a restart or a partition move
    /// (called only when ``reactsToRestore``): the notifier sends again,
    /// in doubt, what had started without an outcome.
    func restored(key: String, updating state: inout State?, timers: [DurableTimer], now: Timestamp) -> Effects<State>

    /// Runs `processor` over one input (``PartitionProcessor/process(_:wallNow:into:)``).
    /// Keep the default: it is inlinable, so each conformance gets a copy of
    /// the store's and the processor's work specialized for its own state,
    /// and the runtime's generic code calls that copy.
    static func process(_ processor: inout PartitionProcessor<Self>, _ input: Input, wallNow: Timestamp,
                        into result: inout StepResult) throws(BinaryDecodingError)
    /// Fires the timers due by `now` (``PartitionProcessor/advance(to:)``),
    /// specialized the same way.
    static func advance(_ processor: inout PartitionProcessor<Self>, to now: Timestamp) -> StepResult
    /// Appends the changelog writes of the keys changed since the last call
    /// (``PartitionProcessor/takeStateWrites(into:)``), specialized the same way.
    static func takeStateWrites(_ processor: inout PartitionProcessor<Self>, into result: inout StepResult)
}

extension WorkerLogic where State: Equatable {
    /// The pure form of rules written in place (for a worker that implements
    /// ``handle(_:updating:timers:now:)``): runs `update` on a copy of
    /// `state` and reports the state it left as `.set` when that differs
    /// from `state`.
    @inlinable
    public func pureEffects(of state: State?, _ update: (inout State?) -> Effects<State>) -> Effects<State> {
        var updated = state
        var effects = update(&updated)
        if let updated, updated != state { effects.state = .set(updated) }
        return effects
    }
}

extension WorkerLogic {
    /// Every output is produced.
    public var performedRole: TopicRole? { nil }
    /// Restoring state asks nothing of the rules.
    public var reactsToRestore: Bool { false }

    /// Nothing to do.
    public func restored(key: String, updating state: inout State?, timers: [DurableTimer], now: Timestamp) -> Effects<State> { .none }

    /// Calls the pure form with the state as it is.
    @inlinable
    public func handle(_ input: Input, updating state: inout State?, timers: [DurableTimer], now: Timestamp) -> Effects<State> {
        handle(input, state: state, timers: timers, now: now)
    }

    /// Calls the pure form with the state as it is.
    @inlinable
    public func fire(_ timer: DurableTimer, key: String, updating state: inout State?, timers: [DurableTimer], now: Timestamp) -> Effects<State> {
        fire(timer, key: key, state: state, timers: timers, now: now)
    }

    /// The processor's step, specialized for this worker where it conforms.
    @inlinable
    public static func process(_ processor: inout PartitionProcessor<Self>, _ input: Input, wallNow: Timestamp,
                               into result: inout StepResult) throws(BinaryDecodingError) {
        try processor.process(input, wallNow: wallNow, into: &result)
    }

    /// The processor's timer firing, specialized for this worker where it conforms.
    @inlinable
    public static func advance(_ processor: inout PartitionProcessor<Self>, to now: Timestamp) -> StepResult {
        processor.advance(to: now)
    }

    /// The processor's state writes, specialized for this worker where it conforms.
    @inlinable
    public static func takeStateWrites(_ processor: inout PartitionProcessor<Self>, into result: inout StepResult) {
        processor.takeStateWrites(into: &result)
    }
}
