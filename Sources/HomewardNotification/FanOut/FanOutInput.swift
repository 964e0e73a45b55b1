public import HomewardContract
public import HomewardProcessing

/// What the fan-out consumes: reminders from `reminders` and escalations
/// from `escalations`, both keyed by case id.
public enum FanOutInput: WorkerInput, Sendable, Hashable {
    /// A reminder.
    case reminder(Reminder)
    /// An escalation event (any status: acknowledged and resolved ones cancel).
    case escalation(Escalation)

    /// Decodes by the topic it was read from.
    public static func decode(_ bytes: UnsafeRawBufferPointer, topicRole: TopicRole) -> Result<FanOutInput, EventRejection> {
        do {
            if topicRole == .escalations { return .success(.escalation(try Escalation(decoding: bytes))) }
            return .success(.reminder(try Reminder(decoding: bytes)))
        } catch {
            return .failure(error)
        }
    }

    /// The case id.
    public var key: String { caseId.rawValue }

    /// The case.
    public var caseId: Identifier {
        switch self {
        case .reminder(let reminder): reminder.caseId
        case .escalation(let escalation): escalation.caseId
        }
    }

    /// The event's time: a reminder's scheduled moment, an escalation's time.
    public var time: Timestamp {
        switch self {
        case .reminder(let reminder): reminder.scheduledFor
        case .escalation(let escalation): escalation.time
        }
    }

    /// The moment it is to be sent: when a late reminder actually fired,
    /// else the event's time. Roles resolve at this moment (on-call shifts),
    /// so a fan-out that runs again derives the same recipients.
    public var sendingMoment: Timestamp {
        switch self {
        case .reminder(let reminder): reminder.firedAt ?? reminder.scheduledFor
        case .escalation(let escalation): escalation.time
        }
    }

    /// The source event's id.
    public var eventId: Identifier {
        switch self {
        case .reminder(let reminder): reminder.reminderId
        case .escalation(let escalation): escalation.eventId
        }
    }
}
