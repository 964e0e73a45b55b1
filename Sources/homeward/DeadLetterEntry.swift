import Foundation
import HomewardContract
import HomewardRuntime
import Kafka

/// One record of `dead-letter`, as an operator sees it: where it is, which
/// worker gave up on it and why, where it came from, its key, and the id,
/// type and subject of the event it holds when that decodes. Never the
/// rest of the value: it may hold personal data.
struct DeadLetterEntry {
    /// Its partition in `dead-letter`.
    let partition: Int32
    /// Its offset there.
    let offset: Int64
    /// The worker that gave up (`homeward-worker`).
    let worker: String
    /// Why, for a person to read (`homeward-error`).
    let reason: String
    /// The kind of reason (`homeward-error-kind`), when the worker wrote one.
    let kind: String?
    /// Where the record was read from (`homeward-source-*`); absent on a
    /// dead letter with no input record behind it (an e-mail that failed).
    let source: KafkaTopicPartition?
    let sourceOffset: Int64?
    /// The original key and value, byte for byte.
    let key: [UInt8]?
    let value: [UInt8]?
    /// The original record's timestamp.
    let timestampMilliseconds: Int64?
    /// The id, type and subject of the CloudEvent in the value, if it is one.
    let event: (id: String, type: String, subject: String)?

    /// The entry of a record read from `dead-letter`.
    init(_ record: KafkaRecord) {
        let headers = record.headers
        partition = record.partition
        offset = record.offset
        worker = headers.string(named: DeadLetter.workerHeader) ?? "(unknown)"
        reason = headers.string(named: DeadLetter.errorHeader) ?? "(no reason given)"
        kind = headers.string(named: DeadLetter.errorKindHeader)
        let sourceTopic = headers.string(named: DeadLetter.topicHeader)
        let sourcePartition = headers.string(named: DeadLetter.partitionHeader).flatMap { Int32($0) }
        source = sourceTopic.map { KafkaTopicPartition(topic: $0, partition: sourcePartition ?? -1) }
        sourceOffset = headers.string(named: DeadLetter.offsetHeader).flatMap { Int64($0) }
        key = record.key
        value = record.value
        timestampMilliseconds = record.timestampMilliseconds
        event = Self.eventSummary(value)
    }

    /// What the reason summary groups by: the kind, else the reason itself.
    var reasonGroup: String { kind ?? reason }

    /// `partition:offset` in `dead-letter`.
    var position: String { "\(partition):\(offset)" }

    /// The key as text (case and recipient ids are UTF-8), else its length.
    var keyText: String {
        guard let key else { return "(none)" }
        return String(validating: key, as: UTF8.self) ?? "(\(key.count) bytes)"
    }

    /// The original record's time, RFC 3339, if it had a timestamp.
    var time: String? {
        timestampMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1_000).formatted(.iso8601) }
    }

    /// The topic a replay sends it to: its source topic, else, for the
    /// notifier delivery's dead letters (failed e-mails, whose value is a
    /// notification), `notifications`; nil when neither says.
    func destination(prefix: String) -> String? {
        if let source { return source.topic }
        return worker == Self.deliveryWorker ? TopicRole.notifications.topic(prefix: prefix) : nil
    }

    /// The name of the notifier's delivery stage in `homeward-worker`.
    static let deliveryWorker = "notifier-delivery"

    /// The id, type and subject of a CloudEvent value; nothing else of it.
    private static func eventSummary(_ value: [UInt8]?) -> (id: String, type: String, subject: String)? {
        guard let value, let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
              let id = object["id"] as? String else { return nil }
        return (id, object["type"] as? String ?? "?", object["subject"] as? String ?? "?")
    }
}
