public import HomewardContract

/// A replay of some worker over case events, with the worker's type erased,
/// so a command can run several workers side by side.
public final class AnyReplay: @unchecked Sendable {  // confined to one task: the replay command's loop
    /// The worker's name.
    public let name: String
    private let feedBody: (CaseEvent) -> [OutputRecord]
    private let finishBody: (Timestamp) -> [OutputRecord]

    /// Wraps a replay of `logic` over `partitions` partitions.
    public init<Logic: WorkerLogic>(_ logic: Logic, partitions: Int) where Logic.Input == CaseEvent {
        name = logic.name
        let box = EngineBox(ReplayEngine(logic: logic, partitions: partitions))
        feedBody = { box.engine.feed($0) }
        finishBody = { box.engine.finish(until: $0) }
    }

    /// Feeds one event; returns the worker's outputs.
    public func feed(_ event: CaseEvent) -> [OutputRecord] { feedBody(event) }

    /// Ends the replay at `until`; returns what timers due by then produced.
    public func finish(until: Timestamp) -> [OutputRecord] { finishBody(until) }

    private final class EngineBox<Logic: WorkerLogic> {
        var engine: ReplayEngine<Logic>
        init(_ engine: ReplayEngine<Logic>) { self.engine = engine }
    }
}
