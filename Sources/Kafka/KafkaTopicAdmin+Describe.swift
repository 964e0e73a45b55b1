import CRdkafka

// What the cluster says about its topics: metadata (every broker answers
// it, the embedded one too) and topic configuration (DescribeConfigs, which
// the embedded broker does not answer).
extension KafkaTopicAdmin {
    /// The cluster's id, from its metadata (`nil` if the cluster has none).
    /// The embedded broker's starts with `mockCluster`
    /// (``EmbeddedBroker/isEmbedded(clusterID:)``).
    public func clusterID() async -> String? {
        let handle = SendablePointer(client.handle)
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        return await runOnDedicatedThread(name: "kafka.metadata") { () -> String? in
            guard let id = rd_kafka_clusterid(handle.pointer, timeoutMs) else { return nil }
            defer { rd_kafka_mem_free(handle.pointer, id) }
            return String(cString: id)
        }
    }

    /// Every topic of the cluster, by name, from one metadata request.
    ///
    /// - Throws: ``KafkaError`` (`.administration`) if the cluster does not answer.
    public func topics() async throws(KafkaError) -> [String: KafkaTopicDescription] {
        let handle = SendablePointer(client.handle)
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        let outcome = await runOnDedicatedThread(name: "kafka.metadata") { () -> Result<[String: KafkaTopicDescription], KafkaError> in
            var metadata: UnsafePointer<rd_kafka_metadata>? = nil
            let error = rd_kafka_metadata(handle.pointer, 1, nil, &metadata, timeoutMs)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                return .failure(KafkaError(operation: .administration, code: error, context: "metadata"))
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            var topics: [String: KafkaTopicDescription] = [:]
            for index in 0..<Int(metadata.pointee.topic_cnt) {
                let entry = metadata.pointee.topics[index]
                guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                let name = String(cString: entry.topic)
                let replicas = entry.partition_cnt > 0 ? Int(entry.partitions[0].replica_cnt) : 0
                topics[name] = KafkaTopicDescription(name: name, partitions: Int(entry.partition_cnt), replicationFactor: replicas)
            }
            return .success(topics)
        }
        return try outcome.get()
    }

    /// The configuration of each of `topics` as the brokers report it
    /// (DescribeConfigs): every entry with a value, defaults included.
    ///
    /// - Throws: ``KafkaError`` (`.administration`) naming the topic the
    ///   cluster refused, or the timeout when nothing answers (the embedded
    ///   broker never does).
    public func configurations(of topics: [String]) async throws(KafkaError) -> [String: [String: String]] {
        guard !topics.isEmpty else { return [:] }
        let handle = SendablePointer(client.handle)
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        let outcome = await runOnDedicatedThread(name: "kafka.admin") { () -> Result<[String: [String: String]], KafkaError> in
            Result { () throws(KafkaError) in try KafkaTopicAdmin.describe(topics, handle: handle.pointer, timeoutMs: timeoutMs) }
        }
        return try outcome.get()
    }

    private static func describe(_ topics: [String], handle: OpaquePointer, timeoutMs: Int32) throws(KafkaError) -> [String: [String: String]] {
        var resources = topics.map { rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, $0) }
        defer { for resource in resources { rd_kafka_ConfigResource_destroy(resource) } }
        let queue = rd_kafka_queue_new(handle)!
        defer { rd_kafka_queue_destroy(queue) }
        var errorText = [CChar](repeating: 0, count: 512)
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errorText, errorText.count)
        resources.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_DescribeConfigs(handle, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 1_000) else {
            throw KafkaError(operation: .administration, code: RD_KAFKA_RESP_ERR__TIMED_OUT, context: "DescribeConfigs got no answer")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(operation: .administration, code: eventError,
                             context: "DescribeConfigs: \(String(cString: rd_kafka_event_error_string(event)))")
        }
        var count = 0
        guard let result = rd_kafka_event_DescribeConfigs_result(event),
              let described = rd_kafka_DescribeConfigs_result_resources(result, &count) else { return [:] }
        var configurations: [String: [String: String]] = [:]
        for index in 0..<count {
            let resource = described[index]
            let name = String(cString: rd_kafka_ConfigResource_name(resource))
            let error = rd_kafka_ConfigResource_error(resource)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let text = rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) } ?? ""
                throw KafkaError(operation: .administration, code: error, context: "describe the configuration of '\(name)': \(text)")
            }
            configurations[name] = entries(of: resource)
        }
        return configurations
    }

    /// The entries of a described resource that have a value.
    private static func entries(of resource: OpaquePointer?) -> [String: String] {
        var count = 0
        guard let entries = rd_kafka_ConfigResource_configs(resource, &count) else { return [:] }
        var values: [String: String] = [:]
        for index in 0..<count {
            guard let value = rd_kafka_ConfigEntry_value(entries[index]) else { continue }
            values[String(cString: rd_kafka_ConfigEntry_name(entries[index]))] = String(cString: value)
        }
        return values
    }
}
