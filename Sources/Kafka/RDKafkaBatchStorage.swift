import CRdkafka
import Synchronization

/// Owns librdkafka messages for one batch and destroys them when released.
///
/// `@unchecked Sendable`: messages are only mutated (filtered) by the consumer
/// thread under the consumer's lock while the batch is still buffered, before
/// any other thread can see it; once handed out the storage is read-only, and
/// librdkafka messages may be read from any thread. Headers are parsed on the
/// consumer thread so that later reads do not mutate the message.
final class RDKafkaBatchStorage: FetchedBatch, @unchecked Sendable {
    private(set) var messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>>
    private(set) var count: Int
    /// librdkafka parses a message's headers on first request and keeps them
    /// in the message; one parse at a time.
    private let headerParsing = Mutex(())
    private let topicNames: [(OpaquePointer?, String)]
    /// Keeps the librdkafka handle alive while messages exist.
    private let client: RDKafkaClient
    /// Set when the storage goes: how the consumer learns that the batch it
    /// handed out is finished. (A weak reference would do the same, but it
    /// moves the storage's reference count to a side table, which every
    /// record's retain and release then pays for.)
    let released = BatchRelease()

    init(messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>>, count: Int, client: RDKafkaClient) {
        self.messages = messages
        self.count = count
        self.client = client
        var names: [(OpaquePointer?, String)] = []
        for index in 0..<count {
            let rkt = messages[index].pointee.rkt
            if !names.contains(where: { $0.0 == rkt }) {
                names.append((rkt, String(cString: rd_kafka_topic_name(rkt))))
            }
        }
        self.topicNames = names
    }

    /// The headers of message `index`, or nil if it has none: parsed when
    /// first asked for (most records' headers are never read).
    func headers(at index: Int) -> OpaquePointer? {
        headerParsing.withLock { _ in
            var parsed: OpaquePointer? = nil
            return rd_kafka_message_headers(messages[index], &parsed) == RD_KAFKA_RESP_ERR_NO_ERROR ? parsed : nil
        }
    }

    deinit {
        for index in 0..<count { rd_kafka_message_destroy(messages[index]) }
        messages.deallocate()
        released.mark()
    }

    func topicName(of rkt: OpaquePointer?) -> String {
        for (handle, name) in topicNames where handle == rkt { return name }
        return String(cString: rd_kafka_topic_name(rkt))
    }

    /// Destroys the messages for which `drop` is true; only while buffered.
    func removeRecords(where drop: (KafkaTopicPartition) -> Bool) {
        var kept = 0
        for index in 0..<count {
            let message = messages[index]
            let tp = KafkaTopicPartition(topic: topicName(of: message.pointee.rkt), partition: message.pointee.partition)
            if drop(tp) {
                rd_kafka_message_destroy(message)
            } else {
                messages[kept] = message
                kept += 1
            }
        }
        count = kept
    }
}
