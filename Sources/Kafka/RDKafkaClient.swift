import CRdkafka
import Foundation
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
}

/// An owned librdkafka handle (`rd_kafka_t`).
///
/// `@unchecked Sendable`: librdkafka handles are thread-safe for every call
/// this module makes on them; the pointer itself never changes after init and
/// is destroyed exactly once, in `destroy()` or `deinit`.
final class RDKafkaClient: @unchecked Sendable {
    let handle: OpaquePointer
    let callbacks: RDKafkaCallbacks
    private let destroyed = Latch()

    /// Creates a handle of `type` from `properties`, failing on the first
    /// unknown or invalid property with librdkafka's message and its name.
    init(type: rd_kafka_type_t, properties: [(String, String)], callbacks: RDKafkaCallbacks) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(operation: .configuration, code: 0, message: "rd_kafka_conf_new returned NULL")
        }
        var confOwned = true
        defer { if confOwned { rd_kafka_conf_destroy(conf) } }

        for (name, value) in properties {
            try RDKafkaClient.set(name, value, on: conf)
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(callbacks).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdkafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdkafkaErrorCallback)
        if callbacks.onDelivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, rdkafkaDeliveryCallback)
        }
        if callbacks.onRebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf, rdkafkaRebalanceCallback)
        }

        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            throw KafkaError(
                operation: .clientCreation,
                code: 0,
                message: String(errorBuffer: errorText)
            )
        }
        confOwned = false  // rd_kafka_new took ownership.
        self.handle = handle
        self.callbacks = callbacks
    }

    static func set(_ name: String, _ value: String, on conf: OpaquePointer) throws(KafkaError) {
        var errorText = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
        guard result != RD_KAFKA_CONF_OK else { return }
        let text = String(errorBuffer: errorText)
        let kind = result == RD_KAFKA_CONF_UNKNOWN ? "unknown property" : "invalid value"
        throw KafkaError(
            operation: .configuration,
            code: 0,
            message: "\(kind) '\(name)': \(text)",
            property: name,
            isRetriable: false
        )
    }

    /// Destroys the handle once, waiting for librdkafka's threads to end;
    /// later calls do nothing.
    func destroy() async {
        guard destroyed.trip() else { return }
        let handle = SendablePointer(self.handle)
        let callbacks = self.callbacks
        await runOnDedicatedThread(name: "homeward.kafka.destroy") {
            // librdkafka calls back (logs, errors) until destroy returns.
            withExtendedLifetime(callbacks) { rd_kafka_destroy(handle.pointer) }
        }
    }

    deinit {
        // rd_kafka_destroy blocks while librdkafka's threads end: never on the caller's thread.
        guard destroyed.trip() else { return }
        let handle = SendablePointer(self.handle)
        let callbacks = self.callbacks
        let thread = Thread {
            // librdkafka calls back (logs, errors) until destroy returns.
            withExtendedLifetime(callbacks) { rd_kafka_destroy(handle.pointer) }
        }
        thread.start()
    }

    /// The handle's name, e.g. `homeward#producer-1`.
    var name: String { String(cString: rd_kafka_name(handle)) }
}

/// A flag that can be set exactly once, from any thread.
final class Latch: Sendable {
    private let state = LockedValue(false)

    /// Sets the flag; returns whether this call was the one that set it.
    func trip() -> Bool {
        state.withLock { isSet in
            defer { isSet = true }
            return !isSet
        }
    }

    var isSet: Bool { state.withLock { $0 } }
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

extension String {
    /// The text librdkafka wrote into a NUL-terminated error buffer.
    init(errorBuffer: [CChar]) {
        self.init(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
