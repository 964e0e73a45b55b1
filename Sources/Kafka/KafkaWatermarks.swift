/// Where a partition's records begin and end on the broker.
public struct KafkaWatermarks: Sendable, Hashable, CustomStringConvertible {
    /// The offset of the oldest record still kept (the log start offset):
    /// above 0 once retention or a deletion removed older records.
    public let low: Int64
    /// The offset the next record will get.
    public let high: Int64

    /// Watermarks as the broker reported them.
    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }

    /// How many records the partition holds now.
    public var count: Int64 { max(0, high - low) }

    /// `low…high`.
    public var description: String { "\(low)…\(high)" }
}
