/// A case event on `case-events`: a CloudEvents 1.0 envelope (structured
/// JSON mode) around one of the input payloads.
///
/// Decoding validates everything the contract says; unknown CloudEvents
/// extension attributes and unknown fields inside `data` are ignored (and so
/// never carried into any output).
public struct CaseEvent: Sendable, Hashable, Codable {
    /// Unique per producer.
    public var id: Identifier
    /// The producing system (a URI-reference).
    public var source: EventSource
    /// The moment the event happened.
    public var time: Timestamp
    /// The case id; also the Kafka key.
    public var subject: Identifier
    /// The typed payload.
    public var payload: CaseEventPayload

    /// The event's type.
    public var type: CaseEventType { payload.type }
    /// The case this event is about.
    public var caseId: Identifier { subject }

    /// Creates an event.
    public init(id: Identifier, source: EventSource, time: Timestamp, subject: Identifier, payload: CaseEventPayload) {
        self.id = id
        self.source = source
        self.time = time
        self.subject = subject
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case specversion, id, source, type, time, subject, datacontenttype, data
    }

    /// Decodes and validates an event (with any `Decoder`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let specversion = try container.decode(String.self, forKey: .specversion)
        guard specversion == "1.0" else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [CodingKeys.specversion], debugDescription: "unsupported specversion",
                underlyingError: ContractMismatch(expected: "\"1.0\"", found: "\"\(specversion.escapingControlCharacters.prefix(20))\"", kind: .enumeration)))
        }
        let typeText = try container.decode(String.self, forKey: .type)
        let type: CaseEventType
        do {
            type = try CaseEventType.resolve(typeText)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [CodingKeys.type], debugDescription: "unknown type", underlyingError: error))
        }
        id = try container.decode(Identifier.self, forKey: .id)
        source = try container.decode(EventSource.self, forKey: .source)
        time = try container.decode(Timestamp.self, forKey: .time)
        let subjectText = try container.decode(String.self, forKey: .subject)
        do {
            subject = try Identifier(validating: subjectText)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [CodingKeys.subject], debugDescription: "invalid subject",
                underlyingError: ContractMismatch(expected: "case id (1…128 characters, no control characters or line separators)",
                                                  found: error.found, kind: .subject)))
        }
        let contentType = try container.decode(String.self, forKey: .datacontenttype)
        guard contentType == "application/json" else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [CodingKeys.datacontenttype], debugDescription: "unsupported datacontenttype",
                underlyingError: ContractMismatch(expected: "\"application/json\"", found: "\"\(contentType.escapingControlCharacters.prefix(40))\"", kind: .enumeration)))
        }
        guard container.contains(.data) else {
            throw DecodingError.keyNotFound(CodingKeys.data, DecodingError.Context(codingPath: [], debugDescription: "missing"))
        }
        let data = try container.superDecoder(forKey: .data)
        payload = try CaseEventPayload(type: type, from: data)
    }

    /// Encodes the event in structured mode, attributes first.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("1.0", forKey: .specversion)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(type.cloudEventType, forKey: .type)
        try container.encode(time, forKey: .time)
        try container.encode(subject, forKey: .subject)
        try container.encode("application/json", forKey: .datacontenttype)
        try payload.encode(to: container.superEncoder(forKey: .data))
    }
}

/// The producing system of an event: a non-empty URI-reference without
/// spaces or control characters, at most 256 characters.
public struct EventSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The reference's text.
    public let rawValue: String

    /// The longest accepted source, in characters.
    public static let maxLength = 256

    /// Creates a source known to be valid.
    public init(trusted rawValue: String) { self.rawValue = rawValue }

    /// Validates `text`.
    public init(validating text: String) throws(ContractMismatch) {
        let bad = text.unicodeScalars.contains { scalar in
            scalar.value <= 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.properties.isWhitespace)
        }
        guard !text.isEmpty, text.unicodeScalars.count <= Self.maxLength, !bad else {
            throw ContractMismatch(expected: "URI-reference of the producing system (1…256 characters, no spaces or control characters)",
                                   found: "\"\(text.escapingControlCharacters.prefix(40))\"", kind: .identifier)
        }
        rawValue = text
    }

    /// Decodes and validates.
    public init(from decoder: any Decoder) throws {
        try self.init(validating: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The text.
    public var description: String { rawValue }
}
