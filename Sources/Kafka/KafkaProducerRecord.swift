/// A record to produce: topic, optional key, value, headers and timestamp.
public struct KafkaProducerRecord: Sendable {
    /// The topic to write to.
    public var topic: String
    /// A fixed partition, or `nil` to let the partitioner pick one from the key.
    public var partition: Int32?
    /// The key; records with equal keys land on the same partition, in order.
    public var key: [UInt8]?
    /// The value; `nil` is a tombstone (deletes the key in a compacted topic).
    public var value: [UInt8]?
    /// Headers, in order.
    public var headers: [KafkaHeader]
    /// The record's timestamp in milliseconds since 1970, or `nil` for "now".
    public var timestampMilliseconds: Int64?

    /// Creates a record from bytes.
    public init(
        topic: String,
        partition: Int32? = nil,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// Creates a record with a UTF-8 key and value.
    public init(
        topic: String,
        partition: Int32? = nil,
        key: String?,
        value: String?,
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.init(
            topic: topic,
            partition: partition,
            key: key.map { Array($0.utf8) },
            value: value.map { Array($0.utf8) },
            headers: headers,
            timestampMilliseconds: timestampMilliseconds
        )
    }
}
