import CRdkafka
import Foundation

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
        callbacks.install(on: conf)

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
        await runOnDedicatedThread(name: "kafka.destroy") {
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

    /// The handle's name, e.g. `rdkafka#producer-1`.
    var name: String { String(cString: rd_kafka_name(handle)) }
}
