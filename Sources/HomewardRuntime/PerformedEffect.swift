import HomewardProcessing

/// An effect a batch asks the runtime to perform (an output of the
/// worker's ``WorkerLogic/performedRole``), with the input partition whose
/// state recorded its start.
struct PerformedEffect: Sendable {
    let partition: Int32
    let effect: OutputRecord
}

/// A performed effect ended: the input its performer returned, for the
/// rules of the same partition, and the token that holds its offsets back
/// (see ``EffectHolds``).
struct EffectCompletion<Input: WorkerInput>: Sendable {
    let token: UInt64
    let partition: Int32
    let input: Input
}
