/// A record to produce: topic, optional key, value, headers and timestamp.
public struct KafkaProducerRecord: Sendable {
    /// The topic to write to.
    public var topic: String
    /// A fixed partition, or `nil` to let the partitioner pick one from the key.
    public var partition: Int32?
    /// The key; records with equal keys land on the same partition, in order.
    public var key: [UInt8]? {
        get {
            switch keyStorage {
            case .none: nil
            case .bytes(let bytes): bytes
            case .text(let text): Array(text.utf8)
            }
        }
        set { keyStorage = newValue.map { .bytes($0) } ?? .none }
    }
    /// The key as given: a text key is handed to librdkafka as its UTF-8
    /// bytes in place, with no array made for it.
    var keyStorage: KeyStorage

    enum KeyStorage: Sendable {
        case none
        case bytes([UInt8])
        case text(String)

        /// Calls `body` with the key's bytes (no pointer for no key).
        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch self {
            case .none: return withOptionalBytes(nil, body)
            case .bytes(let bytes): return withOptionalBytes(bytes, body)
            case .text(let text):
                var text = text
                return text.withUTF8 { withOptionalBytes(UnsafeRawBufferPointer($0), body) }
            }
        }
    }
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
        self.init(topic: topic, partition: partition, keyStorage: key.map { .bytes($0) } ?? .none, value: value,
                  headers: headers, timestampMilliseconds: timestampMilliseconds)
    }

    /// Creates a record with a UTF-8 key (used as it is: no bytes are
    /// copied for it until librdkafka copies them) and a value of bytes.
    public init(
        topic: String,
        partition: Int32? = nil,
        key: String,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.init(topic: topic, partition: partition, keyStorage: .text(key), value: value,
                  headers: headers, timestampMilliseconds: timestampMilliseconds)
    }

    private init(topic: String, partition: Int32?, keyStorage: KeyStorage, value: [UInt8]?, headers: [KafkaHeader],
                 timestampMilliseconds: Int64?) {
        self.topic = topic
        self.partition = partition
        self.keyStorage = keyStorage
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
