import CRdkafka
import Synchronization

/// librdkafka topic handles (`rd_kafka_topic_t`) by name, created on first use.
///
/// `@unchecked Sendable`: the dictionary is guarded by the mutex; the handles
/// are thread-safe librdkafka objects destroyed once, in `destroyAll()`.
final class RDKafkaTopicHandles: @unchecked Sendable {
    private let client: RDKafkaClient
    private let handles = Mutex<[String: OpaquePointer]>([:])

    init(client: RDKafkaClient) { self.client = client }

    func handle(for topic: String) throws(KafkaError) -> OpaquePointer {
        let client = self.client
        let found = handles.withLock { handles -> SendablePointer? in
            if let existing = handles[topic] { return SendablePointer(existing) }
            guard let created = rd_kafka_topic_new(client.handle, topic, nil) else { return nil }
            handles[topic] = created
            return SendablePointer(created)
        }
        guard let found else {
            throw KafkaError(operation: .produce, code: rd_kafka_last_error(), context: "topic '\(topic)'")
        }
        return found.pointer
    }

    func destroyAll() {
        handles.withLock { handles in
            for handle in handles.values { rd_kafka_topic_destroy(handle) }
            handles.removeAll()
        }
    }
}
