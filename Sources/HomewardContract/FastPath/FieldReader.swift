/// Reads the members of one JSON object into contract types, failing with an
/// ``EventRejection`` that names the field. The fast decoding path: no
/// `Decoder` machinery, no intermediate errors.
struct FieldReader {
    let members: [(key: String, value: JSONValue)]
    /// The object's own path (`""` for the event, `"data"`, `"data.placement"`).
    let path: String

    init(_ members: [(key: String, value: JSONValue)], path: String) {
        self.members = members
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member's value (the last one if repeated), or nil when absent.
    func value(_ key: String) -> JSONValue? {
        var index = members.count - 1
        while index >= 0 {
            if members[index].key == key { return members[index].value }
            index -= 1
        }
        return nil
    }

    func reject(_ key: String, _ kind: EventRejection.Kind, expected: String, found: String) -> EventRejection {
        EventRejection(kind: kind, path: fieldPath(key), expected: expected, found: found)
    }

    func require(_ key: String) throws(EventRejection) -> JSONValue {
        guard let value = value(key) else {
            throw reject(key, .missing, expected: "a value", found: "nothing (the field is missing)")
        }
        return value
    }

    /// An optional member: absent → nil; present as null → rejected (the contract has no nullable fields).
    func optional(_ key: String) throws(EventRejection) -> JSONValue? {
        guard let value = value(key) else { return nil }
        if value == .null { throw reject(key, .wrongType, expected: "a value (or the field left out)", found: "null") }
        return value
    }

    func string(_ key: String, _ value: JSONValue) throws(EventRejection) -> String {
        guard case .string(let text) = value else { throw reject(key, .wrongType, expected: "string", found: value.summary) }
        return text
    }

    func string(_ key: String) throws(EventRejection) -> String { try string(key, try require(key)) }

    func mismatch(_ key: String, _ body: () throws(ContractMismatch) -> Void) throws(EventRejection) {
        do { try body() } catch { throw reject(key, error.kind, expected: error.expected, found: error.found) }
    }

    func identifier(_ key: String, _ value: JSONValue) throws(EventRejection) -> Identifier {
        let text = try string(key, value)
        if let problem = Identifier.problem(in: text) {
            throw reject(key, .identifier, expected: "identifier (1…128 characters, no control characters)", found: problem)
        }
        return Identifier(trusted: text)
    }

    func identifier(_ key: String) throws(EventRejection) -> Identifier { try identifier(key, try require(key)) }

    func timestamp(_ key: String, _ value: JSONValue) throws(EventRejection) -> Timestamp {
        let text = try string(key, value)
        guard let milliseconds = Timestamp.parse(text) else {
            throw reject(key, .time, expected: "RFC 3339 time with offset, e.g. 2026-03-01T09:30:00+01:00",
                         found: "\"\(text.escapingControlCharacters.prefix(40))\"")
        }
        return Timestamp(millisecondsSinceEpoch: milliseconds)
    }

    func timestamp(_ key: String) throws(EventRejection) -> Timestamp { try timestamp(key, try require(key)) }

    func enumeration<E: ContractEnum>(_ key: String, _ value: JSONValue, as type: E.Type = E.self) throws(EventRejection) -> E {
        let text = try string(key, value)
        guard let result = E(rawValue: text) else {
            throw reject(key, .enumeration, expected: "one of \(E.allCases.map(\.rawValue).joined(separator: "|"))",
                         found: "\"\(text.escapingControlCharacters.prefix(40))\"")
        }
        return result
    }

    func enumeration<E: ContractEnum>(_ key: String, as type: E.Type = E.self) throws(EventRejection) -> E {
        try enumeration(key, try require(key))
    }

    func bool(_ key: String) throws(EventRejection) -> Bool {
        let value = try require(key)
        guard case .bool(let result) = value else { throw reject(key, .wrongType, expected: "boolean", found: value.summary) }
        return result
    }

    func bounded<B: BoundedInteger>(_ key: String, _ value: JSONValue, as type: B.Type = B.self) throws(EventRejection) -> B {
        guard case .number(let number) = value else {
            throw reject(key, .wrongType, expected: "number", found: value.summary)
        }
        let expected = "integer \(B.range.lowerBound)...\(B.range.upperBound)"
        guard number == number.rounded(), let integer = Int(exactly: number) else {
            throw reject(key, .range, expected: expected, found: "\(number)")
        }
        guard B.range.contains(integer) else { throw reject(key, .range, expected: expected, found: "\(integer)") }
        return B(unchecked: integer)
    }

    func bounded<B: BoundedInteger>(_ key: String, as type: B.Type = B.self) throws(EventRejection) -> B {
        try bounded(key, try require(key))
    }

    func object(_ key: String, _ value: JSONValue) throws(EventRejection) -> FieldReader {
        guard case .object(let members) = value else { throw reject(key, .wrongType, expected: "object", found: value.summary) }
        return FieldReader(members, path: fieldPath(key))
    }

    func object(_ key: String) throws(EventRejection) -> FieldReader { try object(key, try require(key)) }

    func array(_ key: String, _ value: JSONValue) throws(EventRejection) -> [JSONValue] {
        guard case .array(let items) = value else { throw reject(key, .wrongType, expected: "array", found: value.summary) }
        return items
    }
}
