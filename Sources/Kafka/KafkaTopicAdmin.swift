import CRdkafka
public import Logging

/// Topic administration on a real Kafka cluster, through librdkafka's admin API.
///
/// The embedded broker does not answer CreateTopics (the call times out);
/// create its topics with ``EmbeddedBroker/createTopics(_:)`` instead.
public final class KafkaTopicAdmin: KafkaTopicCreator {
    let client: RDKafkaClient
    let timeout: Duration

    /// Creates an admin client; fails if a property is unknown or invalid.
    public init(
        configuration: KafkaClientConfiguration,
        timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "kafka.admin")
    ) throws(KafkaError) {
        self.client = try RDKafkaClient(
            type: RD_KAFKA_PRODUCER,
            properties: configuration.librdkafkaProperties + configuration.properties.sorted { $0.key < $1.key },
            callbacks: RDKafkaCallbacks(logger: logger))
        self.timeout = timeout
    }

    /// Creates the topics with the admin API; "already exists" is success.
    ///
    /// - Throws: ``KafkaError`` (`.administration`) naming the first topic
    ///   that could not be created and the broker's reason.
    public func createTopics(_ topics: [KafkaTopicSpec]) async throws(KafkaError) {
        guard !topics.isEmpty else { return }
        let handle = SendablePointer(client.handle)
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        let outcome = await runOnDedicatedThread(name: "kafka.admin") { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in try KafkaTopicAdmin.create(topics, handle: handle.pointer, timeoutMs: timeoutMs) }
        }
        try outcome.get()
    }

    private static func create(_ topics: [KafkaTopicSpec], handle: OpaquePointer, timeoutMs: Int32) throws(KafkaError) {
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in topics {
            guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, Int32(spec.replicationFactor), &errorText, errorText.count) else {
                throw KafkaError(operation: .administration, code: 0,
                                 message: "topic '\(spec.name)': \(String(errorBuffer: errorText))", isRetriable: false)
            }
            newTopics.append(topic)
            for (name, value) in spec.config.sorted(by: { $0.key < $1.key }) {
                let error = rd_kafka_NewTopic_set_config(topic, name, value)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(operation: .administration, code: error, context: "topic '\(spec.name)' config \(name)=\(value)")
                }
            }
        }
        let queue = rd_kafka_queue_new(handle)!
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errorText, errorText.count)
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(handle, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 1_000) else {
            throw KafkaError(operation: .administration, code: RD_KAFKA_RESP_ERR__TIMED_OUT,
                             context: "CreateTopics got no answer (an embedded broker cannot create topics over the protocol: create them with EmbeddedBroker.createTopics)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(operation: .administration, code: eventError,
                             context: "CreateTopics: \(String(cString: rd_kafka_event_error_string(event)))")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for index in 0..<count {
            let topicResult = results[index]
            let error = rd_kafka_topic_result_error(topicResult)
            if error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
            throw KafkaError(operation: .administration, code: error, context: "create topic '\(name)': \(text)")
        }
    }

    /// The number of partitions of `topic`, from the cluster's metadata;
    /// `nil` if the topic does not exist.
    public func partitionCount(of topic: String) async throws(KafkaError) -> Int? {
        try await KafkaTopicAdmin.partitionCount(of: topic, handle: SendablePointer(client.handle), timeout: timeout)
    }

    /// The watermarks of `partitions`, asked of each partition's leader.
    ///
    /// - Throws: ``KafkaError`` naming the first partition whose
    ///   watermarks could not be had (it does not exist, or no leader answered).
    public func watermarks(of partitions: [KafkaTopicPartition]) async throws(KafkaError) -> [KafkaTopicPartition: KafkaWatermarks] {
        let handle = SendablePointer(client.handle)
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        let outcome = await runOnDedicatedThread(name: "kafka.watermarks") { () -> Result<[KafkaTopicPartition: KafkaWatermarks], KafkaError> in
            var result: [KafkaTopicPartition: KafkaWatermarks] = [:]
            for partition in partitions {
                var low: Int64 = 0, high: Int64 = 0
                let error = rd_kafka_query_watermark_offsets(handle.pointer, partition.topic, partition.partition, &low, &high, timeoutMs)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    return .failure(KafkaError(operation: .administration, code: error, context: "query the watermarks of \(partition)"))
                }
                result[partition] = KafkaWatermarks(low: low, high: high)
            }
            return .success(result)
        }
        return try outcome.get()
    }

    static func partitionCount(of topic: String, handle: SendablePointer, timeout: Duration) async throws(KafkaError) -> Int? {
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        let outcome = await runOnDedicatedThread(name: "kafka.metadata") { () -> Result<Int?, KafkaError> in
            var metadata: UnsafePointer<rd_kafka_metadata>? = nil
            let error = rd_kafka_metadata(handle.pointer, 1, nil, &metadata, timeoutMs)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                return .failure(KafkaError(operation: .administration, code: error, context: "metadata"))
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            for index in 0..<Int(metadata.pointee.topic_cnt) {
                let entry = metadata.pointee.topics[index]
                if String(cString: entry.topic) == topic {
                    return entry.err == RD_KAFKA_RESP_ERR_NO_ERROR ? .success(Int(entry.partition_cnt)) : .success(nil)
                }
            }
            return .success(nil)
        }
        return try outcome.get()
    }
}
