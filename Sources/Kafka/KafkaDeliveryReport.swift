/// The broker's answer for one produced record.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The topic the record was written to.
    public let topic: String
    /// The partition it was written to (or was meant for, if it failed).
    public let partition: Int32
    /// Its offset in the partition; `nil` if delivery failed.
    public let offset: Int64?
    /// Why delivery failed, or `nil` if the broker acknowledged the record.
    public let error: KafkaError?

    /// Whether the broker acknowledged the record.
    public var isDelivered: Bool { error == nil }
}
