public import Kafka

/// Why a worker stopped. A worker stops only when continuing could lose
/// data; bad input never stops it (it goes to the dead-letter topic).
public enum WorkerError: Error, Sendable, CustomStringConvertible {
    /// Restoring a partition's state from its changelog failed.
    case restoreFailed(partition: Int32, underlying: String)
    /// A partition's state cannot be read by this build: written by a newer
    /// one (a downgrade), or damaged; the reason names the fix.
    case unreadableState(worker: String, topic: String, partition: Int32, reason: String)
    /// Records of a partition arrived whose state was not restored.
    case partitionNotOwned(topic: String, partition: Int32)
    /// An output, state write or dead letter could not be delivered; offsets
    /// were not committed, so a restart redoes the work.
    case deliveryFailed(KafkaError)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .restoreFailed(let partition, let underlying):
            return "restoring the state of partition \(partition) failed: \(underlying); check the state topic exists with as many partitions as the input"
        case .unreadableState(let worker, let topic, let partition, let reason):
            return "the \(worker)'s state in \(topic)[\(partition)] cannot be read: \(reason)"
        case .partitionNotOwned(let topic, let partition):
            return "records of \(topic)[\(partition)] arrived before its state was restored (internal error)"
        case .deliveryFailed(let error):
            return "could not deliver the worker's output: \(error); offsets were not committed, restart to redo the work"
        }
    }
}
