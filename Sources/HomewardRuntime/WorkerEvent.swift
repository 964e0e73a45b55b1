/// What wakes a worker's loop (see ``WorkerEvents``).
enum WorkerEvent<Batch: Sendable, Completion: Sendable>: Sendable {
    /// Records arrived: a batch from the consumer.
    case records(Batch)
    /// Effects the loop waits for were acknowledged (``WorkerEvents/watch(_:)``).
    case acknowledged
    /// The deadline the loop set passed (``WorkerEvents/wake(at:)``).
    case timerDue
    /// An asynchronous effect finished, with its result
    /// (``WorkerEvents/perform(_:)``): for the notifier, a send's outcome,
    /// which its rules take as an input.
    case completed(Completion)
    /// The group takes partitions away; the consumer's thread waits until
    /// the loop has handled it.
    case revocation(Revocation)
    /// The loop is to stop: input ended or shutdown was requested, or (with
    /// a failure) something outside the loop went wrong.
    case stop(failure: (any Error)?)

    /// A wake-up that carries nothing: one waiting is as good as two.
    var isWakeUp: Bool {
        switch self {
        case .acknowledged, .timerDue: true
        default: false
        }
    }

    /// Whether it is a batch of records.
    var isRecords: Bool {
        if case .records = self { return true }
        return false
    }
}
