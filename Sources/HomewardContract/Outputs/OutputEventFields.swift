/// Reads the fields of one of Homeward's output events (reminders,
/// escalations) from the parsed document's tape (no tree: the escalator
/// reads every reminder it consumes), by dotted path, with the contract's
/// rejections. Valid only inside ``read(_:type:_:)``.
struct OutputEventFields {
    let tape: JSONTape

    /// Parses `bytes`, checks the CloudEvents envelope of `type`, and calls
    /// `body` with the event's fields.
    static func read<R>(_ bytes: UnsafeRawBufferPointer, type: String,
                        _ body: (OutputEventFields) throws(EventRejection) -> R) throws(EventRejection) -> R {
        let result: Result<R, EventRejection>
        do {
            result = try JSONParser.withTape(of: bytes) { tape in
                Result { () throws(EventRejection) -> R in
                    let fields = OutputEventFields(tape: tape)
                    try fields.expectEnvelope(type: type)
                    return try body(fields)
                }
            }
        } catch {
            throw EventRejection(kind: .invalidJSON, path: "$", expected: "a JSON object", found: error.reason)
        }
        return try result.get()
    }

    /// The node of the value at a dotted path (`data.caseId`), or nil when
    /// it is missing or null (the last member of a repeated name counts).
    /// The path is cut at its dots as bytes and its parts compared in
    /// place: no array of parts, no string per part.
    func node(_ path: String) -> Int? {
        var path = path
        return path.withUTF8 { utf8 -> Int? in
            var current = 0
            var start = 0
            while true {
                var end = start
                while end < utf8.count, utf8[end] != UInt8(ascii: ".") { end += 1 }
                guard tape.nodes[current].kind == .object,
                      let member = tape.member(named: UnsafeBufferPointer(rebasing: utf8[start..<end]), of: current) else { return nil }
                current = member
                guard end < utf8.count else { break }
                start = end + 1
            }
            return tape.nodes[current].kind == .null ? nil : current
        }
    }

    /// How the value at `node` is described in a rejection.
    func summary(_ node: Int) -> String { tape.value(at: node).summary }

    func string(_ path: String) throws(EventRejection) -> String {
        guard let node = node(path) else {
            throw EventRejection(kind: .missing, path: path, expected: "a string", found: "nothing (the field is missing)")
        }
        return try string(path, at: node)
    }

    /// The string at `node`, the value at `path` (named in the rejection).
    private func string(_ path: String, at node: Int) throws(EventRejection) -> String {
        guard tape.isString(node) else { throw EventRejection(kind: .wrongType, path: path, expected: "a string", found: summary(node)) }
        return tape.string(at: node)
    }

    func optionalString(_ path: String) throws(EventRejection) -> String? {
        guard let node = node(path) else { return nil }
        return try string(path, at: node)
    }

    func expectEnvelope(type: String) throws(EventRejection) {
        guard tape.nodes[0].kind == .object else {
            throw EventRejection(kind: .invalidJSON, path: "$", expected: "a JSON object", found: summary(0))
        }
        let version = try string("specversion")
        guard version == "1.0" else { throw EventRejection(kind: .enumeration, path: "specversion", expected: "\"1.0\"", found: "\"\(version.escapingControlCharacters.prefix(20))\"") }
        let found = try string("type")
        guard found == type else {
            let kind: EventRejection.Kind = found.hasPrefix(String(type.dropLast(3))) ? .unknownMajorVersion : .unknownType
            throw EventRejection(kind: kind, path: "type", expected: "\"\(type)\"", found: "\"\(found.escapingControlCharacters.prefix(60))\"")
        }
        _ = try string("id")
        _ = try string("source")
    }

    func identifier(_ path: String) throws(EventRejection) -> Identifier {
        try identifier(path, text: try string(path))
    }

    private func identifier(_ path: String, text: String) throws(EventRejection) -> Identifier {
        do {
            return try Identifier(validating: text)
        } catch {
            throw EventRejection(kind: .identifier, path: path, expected: error.expected, found: error.found)
        }
    }

    func optionalIdentifier(_ path: String) throws(EventRejection) -> Identifier? {
        guard let text = try optionalString(path) else { return nil }
        return try identifier(path, text: text)
    }

    func timestamp(_ path: String) throws(EventRejection) -> Timestamp {
        try timestamp(path, text: try string(path))
    }

    private func timestamp(_ path: String, text: String) throws(EventRejection) -> Timestamp {
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw EventRejection(kind: .time, path: path, expected: error.expected, found: error.found)
        }
    }

    func optionalTimestamp(_ path: String) throws(EventRejection) -> Timestamp? {
        guard let text = try optionalString(path) else { return nil }
        return try timestamp(path, text: text)
    }

    func integer(_ path: String, in range: ClosedRange<Int>) throws(EventRejection) -> Int {
        guard let node = node(path) else {
            throw EventRejection(kind: .missing, path: path, expected: "an integer", found: "nothing (the field is missing)")
        }
        guard tape.nodes[node].kind == .number else {
            throw EventRejection(kind: .wrongType, path: path, expected: "an integer", found: summary(node))
        }
        let number = tape.nodes[node].number
        guard number.rounded() == number, let integer = Int(exactly: number), range.contains(integer) else {
            throw EventRejection(kind: .range, path: path, expected: "integer \(range.lowerBound)...\(range.upperBound)", found: "\(number)")
        }
        return integer
    }

    func enumeration<Value: ContractEnum>(_ path: String) throws(EventRejection) -> Value {
        let text = try string(path)
        guard let value = Value(rawValue: text) else {
            throw EventRejection(kind: .enumeration, path: path, expected: "one of \(Value.allCases.map(\.rawValue).joined(separator: "|"))",
                                 found: "\"\(text.prefix(40))\"")
        }
        return value
    }

    /// The item nodes of the array at `path`, or the rejection that there is none.
    func items(_ path: String) throws(EventRejection) -> [Int] {
        guard let node = node(path), tape.nodes[node].kind == .array else {
            let found = node(path)
            throw EventRejection(kind: found == nil ? .missing : .wrongType, path: path, expected: "an array", found: found.map(summary) ?? "nothing")
        }
        return tape.items(of: node)
    }

    func enumerations<Value: ContractEnum>(_ path: String) throws(EventRejection) -> [Value] {
        var values: [Value] = []
        for (index, item) in try items(path).enumerated() {
            guard tape.isString(item), let value = Value(rawValue: tape.string(at: item)) else {
                throw EventRejection(kind: .enumeration, path: "\(path)[\(index)]",
                                     expected: "one of \(Value.allCases.map(\.rawValue).joined(separator: "|"))", found: summary(item))
            }
            values.append(value)
        }
        return values
    }

    func identifiers(_ path: String) throws(EventRejection) -> [Identifier] {
        var values: [Identifier] = []
        for (index, item) in try items(path).enumerated() {
            guard tape.isString(item), let identifier = try? Identifier(validating: tape.string(at: item)) else {
                throw EventRejection(kind: .identifier, path: "\(path)[\(index)]", expected: "an identifier", found: summary(item))
            }
            values.append(identifier)
        }
        return values
    }

    func contact() throws(EventRejection) -> CaseContact {
        let zone = try string("data.timezone")
        let timezone: TimeZoneName
        do {
            timezone = try TimeZoneName(validating: zone)
        } catch {
            throw EventRejection(kind: .value, path: "data.timezone", expected: error.expected, found: error.found)
        }
        return CaseContact(caseworkerId: try identifier("data.caseworkerId"), teamId: try identifier("data.teamId"),
                           language: try enumeration("data.language"), timezone: timezone)
    }
}
