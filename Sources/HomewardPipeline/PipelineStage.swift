/// A stage of the offline pipeline, named for its worker: what a caller
/// chooses to take the outputs of.
public enum PipelineStage: String, Sendable, Hashable, CaseIterable {
    /// The scheduler: its reminders.
    case scheduler
    /// The escalator: its escalations.
    case escalator
}
