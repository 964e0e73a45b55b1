/// How far a consumer is behind on one partition.
public struct KafkaPartitionLag: Sendable, Hashable {
    /// The partition.
    public let topicPartition: KafkaTopicPartition
    /// The partition's high watermark (offset of the next record to be
    /// written), as last seen by the consumer; `nil` before the first fetch.
    public let highWatermark: Int64?
    /// The offset of the next record the consumer will hand out; `nil` before
    /// it has handed out any.
    public let position: Int64?

    /// Records not yet handed out: high watermark − position (0 if unknown).
    public var lag: Int64 {
        guard let highWatermark, let position else { return 0 }
        return max(0, highWatermark - position)
    }
}
