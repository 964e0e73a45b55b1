import CRdkafka

/// A record read from Kafka.
///
/// The key, value and headers stay in librdkafka's buffer until the last
/// record of its batch is released: ``withUnsafeValue(_:)`` reads them without
/// copying; ``value`` and ``key`` copy.
public struct KafkaRecord: Sendable {
    let storage: RDKafkaBatchStorage
    let index: Int

    var message: UnsafeMutablePointer<rd_kafka_message_t> { storage.messages[index] }

    /// The topic the record was read from.
    public var topic: String { storage.topicName(of: message.pointee.rkt) }
    /// The partition it was read from.
    public var partition: Int32 { message.pointee.partition }
    /// Its offset in the partition.
    public var offset: Int64 { message.pointee.offset }
    /// Topic and partition together.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    /// A copy of the key, or `nil` for a null key.
    public var key: [UInt8]? {
        let m = message.pointee
        guard let key = m.key else { return nil }
        return Array(UnsafeRawBufferPointer(start: key, count: m.key_len))
    }

    /// The key as UTF-8 text, or `nil` if it is null or not valid UTF-8.
    public var keyString: String? {
        key.flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// A copy of the value, or `nil` for a null value (tombstone).
    public var value: [UInt8]? {
        let m = message.pointee
        guard let payload = m.payload else { return nil }
        return Array(UnsafeRawBufferPointer(start: payload, count: m.len))
    }

    /// The value's length in bytes (0 for a tombstone).
    public var valueLength: Int { message.pointee.len }

    /// Whether the value is null (a tombstone in a compacted topic).
    public var isTombstone: Bool { message.pointee.payload == nil }

    /// Calls `body` with the value's bytes in place, without copying.
    /// The buffer is valid only inside `body`; it is empty for a tombstone.
    public func withUnsafeValue<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let m = message.pointee
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len))
        }
    }

    /// Calls `body` with the key's bytes in place; empty for a null key.
    public func withUnsafeKey<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let m = message.pointee
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeRawBufferPointer(start: m.key, count: m.key == nil ? 0 : m.key_len))
        }
    }

    /// The record's headers, in order.
    public var headers: [KafkaHeader] {
        guard let headers = storage.headers(at: index) else { return [] }
        var result: [KafkaHeader] = []
        var i = 0
        var name: UnsafePointer<CChar>? = nil
        var value: UnsafeRawPointer? = nil
        var size = 0
        while rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            result.append(KafkaHeader(
                name: String(cString: name!),
                value: value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
            i += 1
        }
        return result
    }

    /// Calls `body` with the value of each header named `name`, in order,
    /// in place (valid only inside `body`; empty for a null value): reads
    /// one header without copying the others.
    public func forEachHeader(named name: String, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let headers = storage.headers(at: index) else { return }
        withExtendedLifetime(storage) {
            var i = 0
            var value: UnsafeRawPointer? = nil
            var size = 0
            while rd_kafka_header_get(headers, i, name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                body(UnsafeRawBufferPointer(start: value, count: value == nil ? 0 : size))
                i += 1
            }
        }
    }

    /// The record's timestamp in milliseconds since 1970, if it has one.
    public var timestampMilliseconds: Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let value = rd_kafka_message_timestamp(message, &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : value
    }
}
