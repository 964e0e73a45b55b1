/// Why an input record was rejected: where, what was expected, what was found.
///
/// `description` reads like `data.severity: expected integer 1...4, found 7`.
public struct EventRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of rule a record broke.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Larger than the record size limit.
        case tooLarge = "too-large"
        /// Not JSON, or not a JSON object.
        case invalidJSON = "json"
        /// A required attribute or field is absent.
        case missing
        /// A value has the wrong JSON type.
        case wrongType = "type"
        /// The type is not a Homeward input type.
        case unknownType = "unknown-type"
        /// A known type with a major version this consumer does not know.
        case unknownMajorVersion = "major-version"
        /// The subject (case id) is empty, too long or has control characters.
        case subject
        /// A time is not RFC 3339 with an offset.
        case time
        /// A value is not one of the allowed values.
        case enumeration = "enum"
        /// A number is outside its range.
        case range
        /// An identifier is empty, too long or has control characters.
        case identifier
        /// A value breaks another rule (unknown time zone, order ending before it starts).
        case value
        /// The record's Kafka key is missing or is not the key its event
        /// belongs to (a case event's subject): keyed otherwise, it would sit
        /// on another partition than its case's other events.
        case key
    }

    /// The class of rule broken.
    public let kind: Kind
    /// Where: `data.severity`, `subject`, `(event)`.
    public let path: String
    /// What the contract expects.
    public let expected: String
    /// What was found.
    public let found: String

    /// Creates a rejection.
    public init(kind: Kind, path: String, expected: String, found: String) {
        self.kind = kind
        self.path = path
        self.expected = expected
        self.found = found
    }

    /// `path: expected …, found …`.
    public var description: String { "\(path): expected \(expected), found \(found)" }

    /// `path: expected …`, without what was found (it may be case data,
    /// which logs never carry).
    public var expectation: String { "\(path): expected \(expected)" }

    /// The rejection of a record whose Kafka `key` is not `expected`, the
    /// key its event belongs to; nil when it is. What was found is shown
    /// escaped and cut short.
    public static func keyMismatch(_ key: UnsafeRawBufferPointer, expected: String) -> EventRejection? {
        let wanted = "\"\(expected)\" (the event's subject)"
        guard !key.isEmpty else { return EventRejection(kind: .key, path: "(key)", expected: wanted, found: "no key") }
        if key.elementsEqual(expected.utf8) { return nil }
        guard let text = String(validating: key, as: UTF8.self) else {
            return EventRejection(kind: .key, path: "(key)", expected: wanted, found: "\(key.count) bytes that are not UTF-8")
        }
        let shown = text.count > 40 ? "\"\(text.escapingControlCharacters.prefix(40))…\" (\(key.count) bytes)" : "\"\(text.escapingControlCharacters)\""
        return EventRejection(kind: .key, path: "(key)", expected: wanted, found: shown)
    }

    /// Builds a rejection from a decoding error thrown by ``JSONValueDecoder``.
    public init(_ error: any Error) {
        switch error {
        case let rejection as EventRejection:
            self = rejection
        case DecodingError.keyNotFound(let key, let context):
            let path = renderPath(context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key])
            self.init(kind: .missing, path: path, expected: "a value", found: "nothing (the field is missing)")
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context), DecodingError.valueNotFound(_, let context):
            let path = renderPath(context.codingPath)
            if let mismatch = context.underlyingError as? ContractMismatch {
                self.init(kind: mismatch.kind, path: path, expected: mismatch.expected, found: mismatch.found)
            } else {
                self.init(kind: .wrongType, path: path, expected: "a valid value", found: context.debugDescription)
            }
        case let mismatch as ContractMismatch:
            self.init(kind: mismatch.kind, path: "(event)", expected: mismatch.expected, found: mismatch.found)
        default:
            self.init(kind: .wrongType, path: "(event)", expected: "a valid event", found: "\(error)")
        }
    }
}
