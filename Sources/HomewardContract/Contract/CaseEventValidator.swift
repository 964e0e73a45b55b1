import Foundation

/// Checks raw records against the event contract and decodes them.
///
/// The order of checks: size, JSON syntax, envelope (specversion, type and
/// its major version, id, source, time, subject, datacontenttype), the
/// payload's fields, then rules across fields (an order must end after it
/// starts; a time zone must exist in the IANA database).
public struct CaseEventValidator: Sendable {
    /// The largest record accepted, in bytes (64 KiB).
    public static let maxRecordSize = 65_536

    /// Creates a validator.
    public init() {}

    /// Decodes `bytes` into a ``CaseEvent`` or says precisely why not.
    public func validate(_ bytes: UnsafeRawBufferPointer) -> Result<CaseEvent, EventRejection> {
        guard bytes.count <= Self.maxRecordSize else {
            return .failure(EventRejection(kind: .tooLarge, path: "(record)",
                                           expected: "at most \(Self.maxRecordSize) bytes", found: "\(bytes.count) bytes"))
        }
        let decoded: Result<CaseEvent, EventRejection>
        do {
            decoded = try JSONParser.withTape(of: bytes) { tape in
                guard tape.nodes[0].kind == .object else {
                    return .failure(EventRejection(kind: .invalidJSON, path: "(record)", expected: "a JSON object", found: tape.value(at: 0).summary))
                }
                return Result { () throws(EventRejection) in try CaseEvent(reading: FieldReader(tape, object: 0, path: "")) }
            }
        } catch {
            return .failure(EventRejection(kind: .invalidJSON, path: "(record)", expected: "a JSON object",
                                           found: "invalid JSON at byte \(error.offset): \(error.reason)"))
        }
        guard case .success(let event) = decoded else { return decoded }
        if let problem = crossFieldProblem(event) { return .failure(problem) }
        return decoded
    }

    /// Decodes the UTF-8 bytes of `bytes`.
    public func validate(_ bytes: [UInt8]) -> Result<CaseEvent, EventRejection> {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// Decodes one line of text.
    public func validate(_ text: String) -> Result<CaseEvent, EventRejection> {
        validate(Array(text.utf8))
    }

    /// Decodes a parsed document through the `Decodable` conformances (the
    /// path any `Decoder` takes); the same verdicts as ``validate(_:)-(UnsafeRawBufferPointer)``,
    /// kept for cross-checking the fast path.
    public func validateWithDecodable(_ value: JSONValue) -> Result<CaseEvent, EventRejection> {
        guard case .object = value else {
            return .failure(EventRejection(kind: .invalidJSON, path: "(record)", expected: "a JSON object", found: value.summary))
        }
        let event: CaseEvent
        do {
            event = try JSONValueDecoder().decode(CaseEvent.self, from: value)
        } catch {
            return .failure(EventRejection(error))
        }
        if let problem = crossFieldProblem(event) { return .failure(problem) }
        return .success(event)
    }

    /// Rules a JSON Schema cannot express; documented in the schemas' descriptions.
    public func crossFieldProblem(_ event: CaseEvent) -> EventRejection? {
        switch event.payload {
        case .courtOrderIssued(let order) where order.endsAt <= order.startsAt:
            return EventRejection(kind: .value, path: "data.endsAt", expected: "a time after startsAt (\(order.startsAt))",
                                  found: "\(order.endsAt)")
        case .caseOpened(let opened):
            if let zone = opened.timezone, TimeZone(identifier: zone.rawValue) == nil {
                return EventRejection(kind: .value, path: "data.timezone", expected: "a zone of the IANA tz database",
                                      found: "\"\(zone.rawValue)\"")
            }
            return nil
        default:
            return nil
        }
    }
}
