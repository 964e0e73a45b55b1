/// Something that can create topics: a real cluster's admin API
/// (``KafkaTopicAdmin``) or the embedded broker (``EmbeddedBroker``).
public protocol KafkaTopicCreator: Sendable {
    /// Creates every topic in `topics`; a topic that already exists counts as created.
    func createTopics(_ topics: [KafkaTopicSpec]) async throws(KafkaError)
}
