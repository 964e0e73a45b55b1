public import HomewardContract

/// A replay of some workers over case events, with their types erased, so
/// a command can run whichever the user names. Outputs go to a sink as they
/// are produced, so a caller can write them out without holding them.
public final class AnyReplay: @unchecked Sendable {  // confined to one task: the replay command's loop
    /// Takes each output, in order.
    public typealias Sink = (OutputRecord) -> Void

    /// The workers' names.
    public let name: String
    private let feedBody: (CaseEvent, Sink) -> Void
    private let finishBody: (Timestamp, Sink) -> Void

    /// Wraps a replay of `logic` over `partitions` partitions.
    public convenience init<Logic: WorkerLogic>(_ logic: Logic, partitions: Int) where Logic.Input == CaseEvent {
        let box = Box(ReplayEngine(logic: logic, partitions: partitions))
        self.init(name: logic.name,
                  feed: { event, sink in box.value.feed(event).forEach(sink) },
                  finish: { until, sink in box.value.finish(until: until, into: sink) })
    }

    /// Wraps any replay: `feed` takes one event and hands the sink its
    /// outputs in order; `finish` ends the replay at a time, the same way.
    public init(name: String, feed: @escaping (CaseEvent, Sink) -> Void, finish: @escaping (Timestamp, Sink) -> Void) {
        self.name = name
        feedBody = feed
        finishBody = finish
    }

    /// Feeds one event; hands `sink` the outputs, in order.
    public func feed(_ event: CaseEvent, into sink: Sink) { feedBody(event, sink) }

    /// Ends the replay at `until`; hands `sink` what timers due by then
    /// produce, in order, as they fire.
    public func finish(until: Timestamp, into sink: Sink) { finishBody(until, sink) }

    /// A mutable value captured by the closures of one replay.
    public final class Box<Value> {
        /// The value.
        public var value: Value
        /// Boxes `value`.
        public init(_ value: Value) { self.value = value }
    }
}
