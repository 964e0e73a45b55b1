public import HomewardContract
public import HomewardProcessing

/// What the runtime does with one partition, without Kafka: process each
/// input, then write its state changes followed by a checkpoint naming the
/// next input. For restart tests of any worker's rules: cut the changelog
/// anywhere, restore with ``ChangelogRestorer``, and continue.
public struct RecordedPartition<Logic: WorkerLogic> {
    /// The input topic the checkpoints name.
    public static var inputTopic: String { TopicRole.caseEvents.rawValue }

    /// The outputs of each input's step.
    public var outputsPerStep: [[OutputRecord]] = []
    /// Per step: the state writes, then the checkpoint.
    public var changelogPerStep: [(writes: [ChangelogWrite], checkpoint: ChangelogWrite)] = []
    /// The outputs of the timers that fired at the end.
    public var outputsAtEnd: [OutputRecord] = []

    /// Every output, in order.
    public var outputs: [OutputRecord] { outputsPerStep.flatMap { $0 } + outputsAtEnd }

    /// Runs `inputs` (indexed by their offsets) through `processor`, then
    /// advances it to `end`.
    public static func run(_ processor: inout PartitionProcessor<Logic>, _ inputs: ArraySlice<Logic.Input>,
                           until end: Timestamp) throws -> RecordedPartition {
        var recorded = RecordedPartition()
        for (offset, input) in zip(inputs.indices, inputs) {
            let step = try processor.process(input, wallNow: input.time)
            recorded.outputsPerStep.append(step.outputs)
            let checkpoint = PartitionCheckpoint(nextOffsets: [inputTopic: Int64(offset + 1)], streamTime: processor.streamTime)
            recorded.changelogPerStep.append((step.changelog, ChangelogWrite(key: PartitionCheckpoint.key, value: checkpoint.encoded())))
        }
        recorded.outputsAtEnd = processor.advance(to: end).outputs
        return recorded
    }

    /// A processor restored from this partition's changelog as a crash left
    /// it: the state writes of steps `0...lastWritten` and the checkpoints
    /// of the first `checkpointed` steps (a crash after a step's state
    /// writes, before its checkpoint, has `checkpointed == lastWritten`);
    /// and the input offset it resumes at.
    public func restore(_ logic: Logic, clock: WorkerClock = .stream, writesThrough lastWritten: Int,
                        checkpointed: Int) throws -> (processor: PartitionProcessor<Logic>, resumeAt: Int) {
        var restorer = ChangelogRestorer<Logic.State>()
        for (index, step) in changelogPerStep.enumerated() where index <= lastWritten {
            for write in step.writes { try restorer.read(key: write.key, value: write.value) }
            if index < checkpointed { try restorer.read(key: step.checkpoint.key, value: step.checkpoint.value) }
        }
        _ = try restorer.finish()
        let processor = PartitionProcessor(logic: logic, clock: clock, store: restorer.store, streamTime: restorer.checkpoint?.streamTime)
        return (processor, Int(restorer.checkpoint?.nextOffsets[Self.inputTopic] ?? 0))
    }
}
