import Kafka

extension KafkaRecord {
    /// The value as UTF-8 text, `<null>` for a tombstone: for the tests that write text values.
    var valueString: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<null>" }
}
