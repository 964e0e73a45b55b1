public import HomewardContract
public import HomewardProcessing

/// What delivery's rules take, besides its timers: a notification from
/// `notifications`, the outcome of a send, or the news that the worker
/// (re)started with this recipient's state restored.
public enum DeliveryInput: WorkerInput, Sendable, Hashable {
    /// A notification to deliver (or, for an acknowledged or resolved
    /// escalation, to cancel what still waits).
    case notification(StaffNotification)
    /// How a send ended.
    case outcome(SendOutcome)
    /// The state was restored after a restart or a partition move: a send
    /// that started and has no outcome is sent again, in doubt, at `at`.
    case restored(recipientId: Identifier, at: Timestamp)

    /// Decodes a notification read from `notifications`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, topicRole: TopicRole) -> Result<DeliveryInput, EventRejection> {
        do {
            return .success(.notification(try StaffNotification(decoding: bytes)))
        } catch {
            return .failure(error)
        }
    }

    /// The recipient id.
    public var key: String {
        switch self {
        case .notification(let notification): notification.recipientId.rawValue
        case .outcome(let outcome): outcome.recipientId.rawValue
        case .restored(let recipientId, _): recipientId.rawValue
        }
    }

    /// The notification's time, or when the send ended, or the restart.
    public var time: Timestamp {
        switch self {
        case .notification(let notification): notification.time
        case .outcome(let outcome): outcome.at
        case .restored(_, let at): at
        }
    }
}
