import CRdkafka
import Logging

/// The callbacks librdkafka invokes for one client handle.
///
/// librdkafka passes this object (unretained) as the handle's opaque pointer;
/// the owning client keeps it alive until the handle is destroyed.
final class RDKafkaCallbacks: Sendable {
    let logger: Logger
    let onDelivery: (@Sendable (UnsafePointer<rd_kafka_message_t>) -> Void)?
    let onRebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?

    init(
        logger: Logger,
        onDelivery: (@Sendable (UnsafePointer<rd_kafka_message_t>) -> Void)? = nil,
        onRebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)? = nil
    ) {
        self.logger = logger
        self.onDelivery = onDelivery
        self.onRebalance = onRebalance
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbacks? {
        opaque.map { Unmanaged<RDKafkaCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Makes `conf` call back into this object: logs and errors always,
    /// delivery reports and rebalances when a closure for them was given.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdkafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdkafkaErrorCallback)
        if onDelivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, rdkafkaDeliveryCallback)
        }
        if onRebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf, rdkafkaRebalanceCallback)
        }
    }
}

private let rdkafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle, level, facility, text in
    guard let handle, let callbacks = RDKafkaCallbacks.from(rd_kafka_opaque(handle)) else { return }
    let logLevel: Logger.Level
    switch level {
    case ...2: logLevel = .critical
    case 3: logLevel = .error
    case 4: logLevel = .warning
    case 5: logLevel = .notice
    case 6: logLevel = .info
    default: logLevel = .debug
    }
    callbacks.logger.log(
        level: logLevel,
        "\(text.map { String(cString: $0) } ?? "")",
        metadata: [
            "librdkafka.facility": "\(facility.map { String(cString: $0) } ?? "")",
            "librdkafka.client": "\(String(cString: rd_kafka_name(handle)))",
        ]
    )
}

private let rdkafkaErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    handle, code, reason, opaque in
    guard let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    let error = rd_kafka_resp_err_t(code)
    let fatal = error == RD_KAFKA_RESP_ERR__FATAL
    callbacks.logger.log(
        level: fatal ? .critical : .warning,
        "librdkafka: \(reason.map { String(cString: $0) } ?? "")",
        metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(error)))"]
    )
}

private let rdkafkaDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    guard let message, let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    callbacks.onDelivery?(message)
}

private let rdkafkaRebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
    handle, error, partitions, opaque in
    guard let handle, let partitions, let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    callbacks.onRebalance?(handle, error, partitions)
}
