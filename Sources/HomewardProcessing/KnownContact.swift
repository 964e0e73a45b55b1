public import HomewardContract

/// Who handles a case, as far as a worker has learned it from `case.opened`
/// and `case.caseworker-assigned`. An older assignment that arrives late does
/// not override a newer one.
public struct KnownContact: Sendable, Hashable {
    /// The caseworker, once known.
    public var caseworkerId: Identifier?
    /// The caseworker's team, once known.
    public var teamId: Identifier?
    /// When the caseworker and team were set.
    public var assignedAt: Timestamp?
    /// The case's language (from `case.opened`).
    public var language: Language?
    /// The case's time zone (from `case.opened`).
    public var timezone: TimeZoneName?

    /// Nothing known yet.
    public init() {}

    /// Learns from `event` if it says who handles the case.
    public mutating func apply(_ event: CaseEvent) {
        switch event.payload {
        case .caseOpened(let opened):
            assign(caseworker: opened.caseworkerId, team: opened.teamId, at: event.time)
            language = opened.language
            timezone = opened.effectiveTimezone
        case .caseworkerAssigned(let assigned):
            assign(caseworker: assigned.caseworkerId, team: assigned.teamId, at: event.time)
        default:
            break
        }
    }

    private mutating func assign(caseworker: Identifier, team: Identifier, at time: Timestamp) {
        guard assignedAt.map({ time >= $0 }) ?? true else { return }
        caseworkerId = caseworker
        teamId = team
        assignedAt = time
    }

    /// The contact, if the caseworker and team are known.
    public func contact(defaultLanguage: Language) -> CaseContact? {
        guard let caseworkerId, let teamId else { return nil }
        return CaseContact(caseworkerId: caseworkerId, teamId: teamId, language: language ?? defaultLanguage,
                           timezone: timezone ?? .amsterdam)
    }

    /// Appends the encoding.
    public func encode(into writer: inout BinaryWriter) {
        writer.write(caseworkerId) { $0.write($1.rawValue) }
        writer.write(teamId) { $0.write($1.rawValue) }
        writer.write(assignedAt) { $0.write($1) }
        writer.write(language) { $0.write($1.rawValue) }
        writer.write(timezone) { $0.write($1.rawValue) }
    }

    /// Reads the encoding.
    public init(from reader: inout BinaryReader) throws {
        caseworkerId = try reader.readOptional { Identifier(trusted: try $0.readString()) }
        teamId = try reader.readOptional { Identifier(trusted: try $0.readString()) }
        assignedAt = try reader.readOptional { try $0.readTimestamp() }
        language = try reader.readOptional { try $0.readEnum(Language.self) }
        timezone = try reader.readOptional { TimeZoneName(trusted: try $0.readString()) }
    }
}

extension BinaryReader {
    /// Reads a contract enum written as its raw value.
    @inlinable
    public mutating func readEnum<Value: ContractEnum>(_ type: Value.Type) throws -> Value {
        let text = try readString()
        guard let value = Value(rawValue: text) else {
            throw BinaryDecodingError(description: "unknown \(Value.self) \"\(text.prefix(40))\" in stored state")
        }
        return value
    }
}
