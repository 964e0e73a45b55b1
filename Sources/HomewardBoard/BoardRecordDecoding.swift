import HomewardContract
import HomewardNotification
import Kafka
import Logging

/// Applies one record of the board's topics to its state. A record the
/// board cannot read is skipped with a warning naming its place, never
/// its value: the board only reads, so dead-lettering is the writer's job.
enum BoardRecordDecoding {
    /// The dead-letter header with the reason's kind.
    static let errorKindHeader = "homeward-error-kind"

    /// What `record` changes in `state`.
    static func apply(_ record: KafkaRecord, topics: BoardTopics, to state: inout BoardState, logger: Logger) -> [BoardChange] {
        do {
            switch record.topic {
            case topics.status: return try status(record, &state)
            case topics.deliveries: return state.apply(delivery: try record.withUnsafeValue { bytes throws(EventRejection) in
                try DeliveryReport(decoding: bytes) })
            case topics.reminders: try reminder(record, &state)
            case topics.deadLetter: deadLetter(record, &state)
            default: break
            }
        } catch {
            logger.warning("board skipped a record it cannot read", metadata: [
                "kafka.topic": "\(record.topic)", "kafka.partition": "\(record.partition)", "kafka.offset": "\(record.offset)",
                "reason": "\(error)",
            ])
        }
        return []
    }

    private static func status(_ record: KafkaRecord, _ state: inout BoardState) throws -> [BoardChange] {
        guard let caseId = record.keyString else { return [] }
        guard !record.isTombstone else { return state.apply(status: nil, caseId: caseId).map { [$0] } ?? [] }
        let status = try record.withUnsafeValue { bytes throws(EventRejection) in try CaseEscalationStatus(decoding: bytes) }
        return state.apply(status: status, caseId: caseId).map { [$0] } ?? []
    }

    private static func reminder(_ record: KafkaRecord, _ state: inout BoardState) throws {
        let reminder = try record.withUnsafeValue { bytes throws(EventRejection) in try Reminder(decoding: bytes) }
        state.today.countReminder(reminder.kind, at: reminder.firedAt ?? reminder.scheduledFor)
    }

    private static func deadLetter(_ record: KafkaRecord, _ state: inout BoardState) {
        let kind = record.headers.first { $0.name == errorKindHeader }?.value.map { String(decoding: $0, as: UTF8.self) } ?? "unknown"
        let time = Timestamp(millisecondsSinceEpoch: record.timestampMilliseconds ?? 0)
        state.today.countDeadLetter(reason: kind, at: time)
    }
}
