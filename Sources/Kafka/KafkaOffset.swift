/// Symbolic offsets for ``KafkaConsumer/assign(_:offsets:)`` and
/// ``KafkaConsumer/seek(_:to:)``.
public enum KafkaOffset {
    /// The oldest record the broker still keeps.
    public static let beginning: Int64 = -2
    /// The end: only records written from now on.
    public static let end: Int64 = -1
}
