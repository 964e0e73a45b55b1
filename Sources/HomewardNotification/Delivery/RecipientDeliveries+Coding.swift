public import HomewardProcessing
import HomewardContract

extension RecipientDeliveries: StateCodable {
    /// The changelog encoding, led by ``formatVersion``.
    public func encode(into writer: inout BinaryWriter) {
        writer.write(Int(Self.formatVersion))
        writer.write(digest) { $1.encode(into: &$0) }
        writer.write(digestAt) { $0.write($1) }
        writer.write(deferred) { writer, item in
            item.notification.encode(into: &writer)
            writer.write(item.until)
        }
        writer.write(emails) { writer, email in
            writer.write(email.emailId)
            writer.write(email.messageId)
            writer.write({ if case .digest = email.content { true } else { false } }())
            writer.write(email.content.notifications) { $1.encode(into: &$0) }
            writer.write(email.attempt)
            writer.write(email.firstAttemptAt)
            switch email.phase {
            case .sending(let since):
                writer.write(0)
                writer.write(since)
            case .waiting(let until):
                writer.write(1)
                writer.write(until)
            }
            writer.write(email.inDoubt)
            writer.write(email.cancelled)
        }
        writer.write(settled) { writer, item in
            writer.write(item.id.rawValue)
            writer.write(item.at)
        }
    }

    /// Reads the changelog encoding; refuses a format version it does not know.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.readInt()
        guard version == Int(Self.formatVersion) else {
            throw BinaryDecodingError(description: "notifier state format \(version); this build reads format \(Self.formatVersion)")
        }
        digest = try reader.readArray { try StaffNotification(from: &$0) }
        digestAt = try reader.readOptional { try $0.readTimestamp() }
        deferred = try reader.readArray { Deferred(notification: try StaffNotification(from: &$0), until: try $0.readTimestamp()) }
        emails = try reader.readArray { reader in
            let emailId = try reader.readString()
            let messageId = try reader.readString()
            let isDigest = try reader.readBool()
            let notifications = try reader.readArray { try StaffNotification(from: &$0) }
            guard isDigest || notifications.count == 1 else { throw BinaryDecodingError(description: "a single e-mail of \(notifications.count) notifications") }
            let attempt = try reader.readInt()
            let firstAttemptAt = try reader.readTimestamp()
            let phase: Email.Phase = try reader.readInt() == 0 ? .sending(since: try reader.readTimestamp()) : .waiting(until: try reader.readTimestamp())
            return Email(emailId: emailId, messageId: messageId, content: isDigest ? .digest(notifications) : .single(notifications[0]),
                         attempt: attempt, firstAttemptAt: firstAttemptAt, phase: phase, inDoubt: try reader.readBool(),
                         cancelled: try reader.readBool())
        }
        settled = try reader.readArray { Settled(id: Identifier(trusted: try $0.readString()), at: try $0.readTimestamp()) }
    }
}

extension StaffNotification {
    /// The notification's fields, for the recipient's state.
    func encode(into writer: inout BinaryWriter) {
        writer.write(notificationId.rawValue)
        writer.write(time)
        writer.write(recipientId.rawValue)
        writer.write(role.rawValue)
        writer.write(caseId.rawValue)
        writer.write(sourceType.rawValue)
        writer.write(sourceEventId.rawValue)
        writer.write(priority.rawValue)
        writer.write(kind)
        writer.write(language.rawValue)
        writer.write(timezone.rawValue)
        writer.write(dueAt) { $0.write($1) }
        writer.write(occurrence) { $0.write($1) }
        writer.write(escalationId) { $0.write($1.rawValue) }
        writer.write(escalationStatus) { $0.write($1.rawValue) }
        writer.write(recommendation) { $0.write($1.rawValue) }
        writer.write(step) { $0.write($1) }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(from reader: inout BinaryReader) throws {
        self.init(notificationId: Identifier(trusted: try reader.readString()), time: try reader.readTimestamp(),
                  recipientId: Identifier(trusted: try reader.readString()), role: try reader.readEnum(NotifyRole.self),
                  caseId: Identifier(trusted: try reader.readString()), sourceType: try reader.readEnum(NotificationSource.self),
                  sourceEventId: Identifier(trusted: try reader.readString()), priority: try reader.readEnum(NotificationPriority.self),
                  kind: try reader.readString(), language: try reader.readEnum(Language.self),
                  timezone: TimeZoneName(trusted: try reader.readString()), dueAt: try reader.readOptional { try $0.readTimestamp() },
                  occurrence: try reader.readOptional { try $0.readInt() },
                  escalationId: try reader.readOptional { Identifier(trusted: try $0.readString()) },
                  escalationStatus: try reader.readOptional { try $0.readEnum(EscalationStatus.self) },
                  recommendation: try reader.readOptional { try $0.readEnum(EscalationRecommendation.self) },
                  step: try reader.readOptional { try $0.readInt() })
    }
}
