public import HomewardContract
public import HomewardProcessing

/// What the escalator consumes: case events from `case-events` and the
/// scheduler's reminders from `reminders` (co-partitioned by case id).
public enum EscalatorInput: WorkerInput, Sendable, Hashable {
    /// A case event.
    case caseEvent(CaseEvent)
    /// A reminder.
    case reminder(Reminder)

    /// Decodes by the topic it was read from.
    public static func decode(_ bytes: UnsafeRawBufferPointer, topicRole: TopicRole) -> Result<EscalatorInput, EventRejection> {
        if topicRole == .reminders {
            do {
                return .success(.reminder(try Reminder(decoding: bytes)))
            } catch {
                return .failure(error)
            }
        }
        return CaseEventValidator().validate(bytes).map { .caseEvent($0) }
    }

    /// The case id.
    public var key: String {
        switch self {
        case .caseEvent(let event): event.subject.rawValue
        case .reminder(let reminder): reminder.caseId.rawValue
        }
    }

    /// The event's time; a reminder's is the moment it was scheduled for.
    public var time: Timestamp {
        switch self {
        case .caseEvent(let event): event.time
        case .reminder(let reminder): reminder.scheduledFor
        }
    }

    /// The input's own id.
    public var id: String {
        switch self {
        case .caseEvent(let event): event.id.rawValue
        case .reminder(let reminder): reminder.reminderId.rawValue
        }
    }
}
