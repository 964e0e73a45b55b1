public import HomewardContract
public import HomewardProcessing

/// What the fan-out keeps per case: who was notified of each escalation
/// still open, so that its acknowledgement or resolution reaches exactly
/// them (a caseworker reassigned or an on-call shift ended since still
/// gets the cancellation). Small: one case has one open escalation at a time.
public struct FanOutCase: Sendable, Hashable {
    /// The encoding's format version (the first byte), so a later version can migrate.
    public static let formatVersion: UInt8 = 1
    /// At most this many escalations are tracked per case (the latest).
    public static let escalationsKept = 4

    /// Escalations notified and not yet acknowledged or resolved, oldest first.
    public var escalations: [NotifiedEscalation] = []

    /// Nothing notified yet.
    public init() {}

    /// One escalation and the people told of it.
    public struct NotifiedEscalation: Sendable, Hashable {
        /// The escalation.
        public var escalationId: Identifier
        /// Its level when last notified.
        public var level: EscalationLevel
        /// Who was told, with the role they were told in, in order.
        public var recipients: [Recipient]

        /// Creates the record.
        public init(escalationId: Identifier, level: EscalationLevel, recipients: [Recipient]) {
            self.escalationId = escalationId
            self.level = level
            self.recipients = recipients
        }
    }

    /// A person told of an escalation.
    public struct Recipient: Sendable, Hashable {
        /// The person.
        public var id: Identifier
        /// The role they were told in.
        public var role: NotifyRole
        /// Their language and time zone then.
        public var language: Language
        /// Their time zone then.
        public var timezone: TimeZoneName

        /// Creates the record.
        public init(id: Identifier, role: NotifyRole, language: Language, timezone: TimeZoneName) {
            self.id = id
            self.role = role
            self.language = language
            self.timezone = timezone
        }
    }

    /// Notes that `recipients` were told of `escalationId` at `level`.
    mutating func note(_ escalationId: Identifier, level: EscalationLevel, recipients: [Recipient]) {
        if let index = escalations.firstIndex(where: { $0.escalationId == escalationId }) {
            escalations[index].level = level
            for recipient in recipients where !escalations[index].recipients.contains(where: { $0.id == recipient.id }) {
                escalations[index].recipients.append(recipient)
            }
        } else {
            escalations.append(NotifiedEscalation(escalationId: escalationId, level: level, recipients: recipients))
            escalations = Array(escalations.suffix(Self.escalationsKept))
        }
    }

    /// Forgets `escalationId` and returns who was told of it.
    mutating func close(_ escalationId: Identifier) -> NotifiedEscalation? {
        guard let index = escalations.firstIndex(where: { $0.escalationId == escalationId }) else { return nil }
        return escalations.remove(at: index)
    }
}

extension FanOutCase: StateCodable {
    /// The changelog encoding, led by ``formatVersion``.
    public func encode(into writer: inout BinaryWriter) {
        writer.write(Int(Self.formatVersion))
        writer.write(escalations) { writer, escalation in
            writer.write(escalation.escalationId.rawValue)
            writer.write(escalation.level.rawValue)
            writer.write(escalation.recipients) { writer, recipient in
                writer.write(recipient.id.rawValue)
                writer.write(recipient.role.rawValue)
                writer.write(recipient.language.rawValue)
                writer.write(recipient.timezone.rawValue)
            }
        }
    }

    /// Reads the changelog encoding; refuses a format version it does not know.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.readInt()
        guard version == Int(Self.formatVersion) else {
            throw BinaryDecodingError(description: "fan-out state format \(version); this build reads format \(Self.formatVersion)")
        }
        escalations = try reader.readArray { reader in
            NotifiedEscalation(escalationId: Identifier(trusted: try reader.readString()), level: try reader.readEnum(EscalationLevel.self),
                               recipients: try reader.readArray { reader in
                                   Recipient(id: Identifier(trusted: try reader.readString()), role: try reader.readEnum(NotifyRole.self),
                                             language: try reader.readEnum(Language.self),
                                             timezone: TimeZoneName(trusted: try reader.readString()))
                               })
        }
    }
}
