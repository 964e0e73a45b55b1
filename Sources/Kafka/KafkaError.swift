import CRdkafka

/// An error from the Kafka layer: what was being done, librdkafka's code and
/// text, and whether trying again can help.
///
/// `code` is librdkafka's `rd_kafka_resp_err_t`: negative values are the
/// client's own (`_MSG_TIMED_OUT`, `_QUEUE_FULL`, …), positive ones come from
/// the broker (the Kafka protocol's error codes).
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the failing operation was.
    public enum Operation: String, Sendable, Hashable {
        /// Building or validating a client configuration.
        case configuration
        /// Creating a client handle.
        case clientCreation = "client creation"
        /// Handing a record to the producer.
        case produce
        /// The broker's answer to a produced record.
        case delivery
        /// Fetching records.
        case consume
        /// Subscribing, assigning, pausing, seeking.
        case assignment
        /// Storing or committing offsets.
        case commit
        /// Topic administration.
        case administration
        /// Flushing or closing a client.
        case shutdown
        /// The embedded (mock) broker.
        case embeddedBroker = "embedded broker"
    }

    /// What was being done when the error occurred.
    public let operation: Operation
    /// librdkafka's `rd_kafka_resp_err_t` value (0 means none).
    public let code: Int32
    /// librdkafka's symbolic name for `code`, e.g. `_MSG_TIMED_OUT`.
    public let codeName: String
    /// The human-readable explanation, from librdkafka where it gave one.
    public let message: String
    /// The configuration property at fault, for `.configuration` errors.
    public let property: String?
    /// Whether the same call may succeed if tried again later.
    public let isRetriable: Bool
    /// Whether the client is unusable after this error and must be recreated.
    public let isFatal: Bool

    /// Creates an error; `codeName` is derived from `code`.
    public init(
        operation: Operation,
        code: Int32,
        message: String,
        property: String? = nil,
        isRetriable: Bool? = nil,
        isFatal: Bool = false
    ) {
        self.operation = operation
        self.code = code
        self.codeName = code == 0 ? "" : String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
        self.message = message
        self.property = property
        self.isRetriable = isRetriable ?? KafkaError.retriableCodes.contains(code)
        self.isFatal = isFatal
    }

    init(operation: Operation, code: rd_kafka_resp_err_t, context: String? = nil) {
        let text = String(cString: rd_kafka_err2str(code))
        self.init(
            operation: operation,
            code: code.rawValue,
            message: context.map { "\($0): \(text)" } ?? text
        )
    }

    /// Takes ownership of (and destroys) a librdkafka `rd_kafka_error_t`.
    init(operation: Operation, consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            operation: operation,
            code: rd_kafka_error_code(error).rawValue,
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// A one-line explanation naming the operation, the code and the fix
    /// where one is known.
    public var description: String {
        var text = "Kafka \(operation.rawValue) failed"
        if let property { text += " for property '\(property)'" }
        if code != 0 { text += " [\(codeName) (\(code))]" }
        text += ": \(message)"
        if isRetriable { text += " (retriable)" }
        if isFatal { text += " (fatal: recreate the client)" }
        return text
    }

    /// Client-side and broker error codes that are transient by nature.
    static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TRANSPORT.rawValue,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue,
        RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue,
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT.rawValue,
        RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue,
        RD_KAFKA_RESP_ERR__WAIT_COORD.rawValue,
        RD_KAFKA_RESP_ERR__RESOLVE.rawValue,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE.rawValue,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue,
        RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION.rawValue,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS.rawValue,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE.rawValue,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR.rawValue,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND.rawValue,
        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS.rawValue,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue,
    ]
}
