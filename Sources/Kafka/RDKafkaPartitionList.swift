import CRdkafka

/// Builds and reads librdkafka's `rd_kafka_topic_partition_list_t`.
enum RDKafkaPartitionList {
    typealias Pointer = UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A new list (destroy it with `rd_kafka_topic_partition_list_destroy`).
    static func make(_ entries: [(KafkaTopicPartition, Int64)]) -> Pointer {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: max(entries.count, 1)))!
        for (tp, offset) in entries {
            let element = rd_kafka_topic_partition_list_add(list, tp.topic, tp.partition)!
            element.pointee.offset = offset
        }
        return list
    }

    static func make(_ partitions: [KafkaTopicPartition]) -> Pointer {
        make(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
    }

    struct Entry {
        let topicPartition: KafkaTopicPartition
        let offset: Int64
        let error: rd_kafka_resp_err_t
    }

    static func entries(of list: Pointer) -> [Entry] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return Entry(
                topicPartition: KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition),
                offset: element.offset,
                error: element.err)
        }
    }

    static func with<R>(_ entries: [(KafkaTopicPartition, Int64)], _ body: (Pointer) throws(KafkaError) -> R) throws(KafkaError) -> R {
        let list = make(entries)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }
}
