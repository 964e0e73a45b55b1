import CRdkafka

extension KafkaClientConfiguration {
    /// Checks one librdkafka property offline, as a client's creation would:
    /// the name must be one librdkafka knows and the value one it accepts.
    /// Nothing connects; files a property names (certificates, keys) are
    /// read only when a client is created, so they are not checked here.
    ///
    /// - Throws: ``KafkaError`` naming the property, with librdkafka's reason.
    public static func checkProperty(_ name: String, _ value: String) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(operation: .configuration, code: 0, message: "rd_kafka_conf_new returned NULL")
        }
        defer { rd_kafka_conf_destroy(conf) }
        try RDKafkaClient.set(name, value, on: conf)
    }
}
