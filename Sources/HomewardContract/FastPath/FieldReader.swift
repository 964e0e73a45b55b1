/// Reads the members of one JSON object into contract types, failing with an
/// ``EventRejection`` that names the field. The fast decoding path: no
/// `Decoder` machinery, no intermediate errors, and no tree: values are
/// nodes of the document's ``JSONTape``, read straight from its bytes.
struct FieldReader {
    /// A value in the document (a node of the tape).
    typealias Value = Int

    let tape: JSONTape
    /// The object's node.
    let object: Int
    /// The object's own path (`""` for the event, `"data"`, `"data.placement"`).
    let path: String

    init(_ tape: JSONTape, object: Int, path: String) {
        self.tape = tape
        self.object = object
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The object's members, by name, in document order.
    var members: [(key: String, value: Value)] {
        tape.members(of: object).map { (tape.string(at: $0.name), $0.value) }
    }

    /// The member's value (the last one if repeated), or nil when absent.
    func value(_ key: String) -> Value? { tape.member(key, of: object) }

    /// How a value is described in a rejection (`string "…"`, `number 3`, …).
    func summary(_ value: Value) -> String { tape.value(at: value).summary }

    func reject(_ key: String, _ kind: EventRejection.Kind, expected: String, found: String) -> EventRejection {
        EventRejection(kind: kind, path: fieldPath(key), expected: expected, found: found)
    }

    func require(_ key: String) throws(EventRejection) -> Value { try require(key, value(key)) }

    /// `value`, found beforehand, or the rejection that `key` is missing.
    func require(_ key: String, _ value: Value?) throws(EventRejection) -> Value {
        guard let value else {
            throw reject(key, .missing, expected: "a value", found: "nothing (the field is missing)")
        }
        return value
    }

    /// An optional member: absent → nil; present as null → rejected (the contract has no nullable fields).
    func optional(_ key: String) throws(EventRejection) -> Value? {
        guard let value = value(key) else { return nil }
        if tape.nodes[value].kind == .null { throw reject(key, .wrongType, expected: "a value (or the field left out)", found: "null") }
        return value
    }

    func string(_ key: String, _ value: Value) throws(EventRejection) -> String {
        guard tape.isString(value) else { throw reject(key, .wrongType, expected: "string", found: summary(value)) }
        return tape.string(at: value)
    }

    func string(_ key: String) throws(EventRejection) -> String { try string(key, try require(key)) }

    /// Whether the string member `key` is exactly `expected` (no string is made).
    func string(_ key: String, is expected: String) throws(EventRejection) -> Bool { try string(key, try require(key), is: expected) }

    /// Whether the string `value` of member `key` is exactly `expected` (no string is made).
    func string(_ key: String, _ value: Value, is expected: String) throws(EventRejection) -> Bool {
        guard tape.isString(value) else { throw reject(key, .wrongType, expected: "string", found: summary(value)) }
        return tape.string(at: value, equals: expected)
    }

    func identifier(_ key: String, _ value: Value) throws(EventRejection) -> Identifier {
        let text = try string(key, value)
        // Printable ASCII of an accepted length (nearly every reference): valid as it is.
        if tape.withUTF8(of: value, { $0.count <= Identifier.maxLength && $0.isPrintableASCII(allowingSpace: true) }) {
            return Identifier(trusted: text)
        }
        if let problem = Identifier.problem(in: text) {
            throw reject(key, .identifier, expected: "identifier (1…128 characters, no control characters or line separators)", found: problem)
        }
        return Identifier(trusted: text)
    }

    func identifier(_ key: String) throws(EventRejection) -> Identifier { try identifier(key, try require(key)) }

    func timestamp(_ key: String, _ value: Value) throws(EventRejection) -> Timestamp {
        guard tape.isString(value) else { throw reject(key, .wrongType, expected: "string", found: summary(value)) }
        guard let milliseconds = tape.withUTF8(of: value, { Timestamp.parse($0) }) else {
            throw reject(key, .time, expected: Timestamp.expectation,
                         found: "\"\(tape.string(at: value).escapingControlCharacters.prefix(40))\"")
        }
        return Timestamp(millisecondsSinceEpoch: milliseconds)
    }

    func timestamp(_ key: String) throws(EventRejection) -> Timestamp { try timestamp(key, try require(key)) }

    func enumeration<E: ContractEnum>(_ key: String, _ value: Value, as type: E.Type = E.self) throws(EventRejection) -> E {
        // Matched as bytes against each case's raw value (no string is made);
        // the slow path below only for a wrong type or an unknown value.
        if tape.isString(value), let known = tape.withUTF8(of: value, { bytes in
            E.allCases.first { member in
                var raw = member.rawValue
                return raw.utf8.count == bytes.count && raw.withUTF8 { memcmpEqual($0, bytes) }
            }
        }) {
            return known
        }
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
        switch tape.nodes[value].kind {
        case .true: return true
        case .false: return false
        default: throw reject(key, .wrongType, expected: "boolean", found: summary(value))
        }
    }

    func bounded<B: BoundedInteger>(_ key: String, _ value: Value, as type: B.Type = B.self) throws(EventRejection) -> B {
        guard tape.nodes[value].kind == .number else {
            throw reject(key, .wrongType, expected: "number", found: summary(value))
        }
        let number = tape.nodes[value].number
        var expected: String { "integer \(B.range.lowerBound)...\(B.range.upperBound)" }
        guard number == number.rounded(), let integer = Int(exactly: number) else {
            throw reject(key, .range, expected: expected, found: "\(number)")
        }
        guard B.range.contains(integer) else { throw reject(key, .range, expected: expected, found: "\(integer)") }
        return B(unchecked: integer)
    }

    func bounded<B: BoundedInteger>(_ key: String, as type: B.Type = B.self) throws(EventRejection) -> B {
        try bounded(key, try require(key))
    }

    func object(_ key: String, _ value: Value) throws(EventRejection) -> FieldReader {
        guard tape.nodes[value].kind == .object else { throw reject(key, .wrongType, expected: "object", found: summary(value)) }
        return FieldReader(tape, object: value, path: fieldPath(key))
    }

    func object(_ key: String) throws(EventRejection) -> FieldReader { try object(key, try require(key)) }

    func array(_ key: String, _ value: Value) throws(EventRejection) -> [Value] {
        guard tape.nodes[value].kind == .array else { throw reject(key, .wrongType, expected: "array", found: summary(value)) }
        return tape.items(of: value)
    }
}
