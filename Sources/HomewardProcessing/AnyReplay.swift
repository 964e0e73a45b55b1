public import HomewardContract

/// A replay of some workers over case events, with their types erased, so
/// a command can run whichever the user names.
public final class AnyReplay: @unchecked Sendable {  // confined to one task: the replay command's loop
    /// The workers' names.
    public let name: String
    private let feedBody: (CaseEvent) -> [OutputRecord]
    private let finishBody: (Timestamp) -> [OutputRecord]

    /// Wraps a replay of `logic` over `partitions` partitions.
    public convenience init<Logic: WorkerLogic>(_ logic: Logic, partitions: Int) where Logic.Input == CaseEvent {
        let box = Box(ReplayEngine(logic: logic, partitions: partitions))
        self.init(name: logic.name, feed: { box.value.feed($0) }, finish: { until in
            var outputs: [OutputRecord] = []
            box.value.finish(until: until) { outputs.append($0) }
            return outputs
        })
    }

    /// Wraps any replay: `feed` takes one event and returns the outputs in
    /// order; `finish` ends the replay at a time.
    public init(name: String, feed: @escaping (CaseEvent) -> [OutputRecord], finish: @escaping (Timestamp) -> [OutputRecord]) {
        self.name = name
        feedBody = feed
        finishBody = finish
    }

    /// Feeds one event; returns the outputs.
    public func feed(_ event: CaseEvent) -> [OutputRecord] { feedBody(event) }

    /// Ends the replay at `until`; returns what timers due by then produced.
    public func finish(until: Timestamp) -> [OutputRecord] { finishBody(until) }

    /// A mutable value captured by the closures of one replay.
    public final class Box<Value> {
        /// The value.
        public var value: Value
        /// Boxes `value`.
        public init(_ value: Value) { self.value = value }
    }
}
