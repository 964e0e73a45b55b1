/// Reads the fields of one of Homeward's output events (reminders,
/// escalations) from a parsed document, by dotted path, with the contract's
/// rejections.
struct OutputEventFields {
    let document: JSONValue

    init(_ document: JSONValue) { self.document = document }

    /// Parses `bytes` and checks the CloudEvents envelope of `type`.
    init(parsing bytes: UnsafeRawBufferPointer, type: String) throws(EventRejection) {
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw EventRejection(kind: .invalidJSON, path: "$", expected: "a JSON object", found: error.reason)
        }
        try expectEnvelope(type: type)
    }

    /// The value at a dotted path (`data.caseId`), or nil when missing or
    /// null. The path is cut at its dots as bytes, without an array of its
    /// parts: splitting the string walks it by `Character`, and a reminder
    /// is read for every one the escalator consumes.
    func value(_ path: String) -> JSONValue? {
        var current: JSONValue? = document
        let utf8 = path.utf8
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
            current = current?[String(decoding: utf8[start..<end], as: UTF8.self)]
            guard end != utf8.endIndex else { break }
            start = utf8.index(after: end)
        }
        if case .null = current { return nil }
        return current
    }

    func string(_ path: String) throws(EventRejection) -> String {
        switch value(path) {
        case .string(let text)?: return text
        case nil: throw EventRejection(kind: .missing, path: path, expected: "a string", found: "nothing (the field is missing)")
        case let other?: throw EventRejection(kind: .wrongType, path: path, expected: "a string", found: other.summary)
        }
    }

    func optionalString(_ path: String) throws(EventRejection) -> String? {
        value(path) == nil ? nil : try string(path)
    }

    func expectEnvelope(type: String) throws(EventRejection) {
        guard case .object = document else {
            throw EventRejection(kind: .invalidJSON, path: "$", expected: "a JSON object", found: document.summary)
        }
        let version = try string("specversion")
        guard version == "1.0" else { throw EventRejection(kind: .enumeration, path: "specversion", expected: "\"1.0\"", found: "\"\(version.prefix(20))\"") }
        let found = try string("type")
        guard found == type else {
            let kind: EventRejection.Kind = found.hasPrefix(String(type.dropLast(3))) ? .unknownMajorVersion : .unknownType
            throw EventRejection(kind: kind, path: "type", expected: "\"\(type)\"", found: "\"\(found.prefix(60))\"")
        }
        _ = try string("id")
        _ = try string("source")
    }

    func identifier(_ path: String) throws(EventRejection) -> Identifier {
        let text = try string(path)
        do {
            return try Identifier(validating: text)
        } catch {
            throw EventRejection(kind: .identifier, path: path, expected: error.expected, found: error.found)
        }
    }

    func optionalIdentifier(_ path: String) throws(EventRejection) -> Identifier? {
        value(path) == nil ? nil : try identifier(path)
    }

    func timestamp(_ path: String) throws(EventRejection) -> Timestamp {
        let text = try string(path)
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw EventRejection(kind: .time, path: path, expected: error.expected, found: error.found)
        }
    }

    func optionalTimestamp(_ path: String) throws(EventRejection) -> Timestamp? {
        value(path) == nil ? nil : try timestamp(path)
    }

    func integer(_ path: String, in range: ClosedRange<Int>) throws(EventRejection) -> Int {
        switch value(path) {
        case .number(let number)?:
            guard number.rounded() == number, let integer = Int(exactly: number), range.contains(integer) else {
                throw EventRejection(kind: .range, path: path, expected: "integer \(range.lowerBound)...\(range.upperBound)", found: "\(number)")
            }
            return integer
        case nil: throw EventRejection(kind: .missing, path: path, expected: "an integer", found: "nothing (the field is missing)")
        case let other?: throw EventRejection(kind: .wrongType, path: path, expected: "an integer", found: other.summary)
        }
    }

    func enumeration<Value: ContractEnum>(_ path: String) throws(EventRejection) -> Value {
        let text = try string(path)
        guard let value = Value(rawValue: text) else {
            throw EventRejection(kind: .enumeration, path: path, expected: "one of \(Value.allCases.map(\.rawValue).joined(separator: "|"))",
                                 found: "\"\(text.prefix(40))\"")
        }
        return value
    }

    func enumerations<Value: ContractEnum>(_ path: String) throws(EventRejection) -> [Value] {
        guard case .array(let items)? = value(path) else {
            throw EventRejection(kind: value(path) == nil ? .missing : .wrongType, path: path, expected: "an array", found: value(path)?.summary ?? "nothing")
        }
        var values: [Value] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let value = Value(rawValue: text) else {
                throw EventRejection(kind: .enumeration, path: "\(path)[\(index)]",
                                     expected: "one of \(Value.allCases.map(\.rawValue).joined(separator: "|"))", found: item.summary)
            }
            values.append(value)
        }
        return values
    }

    func identifiers(_ path: String) throws(EventRejection) -> [Identifier] {
        guard case .array(let items)? = value(path) else {
            throw EventRejection(kind: value(path) == nil ? .missing : .wrongType, path: path, expected: "an array", found: value(path)?.summary ?? "nothing")
        }
        var values: [Identifier] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let identifier = try? Identifier(validating: text) else {
                throw EventRejection(kind: .identifier, path: "\(path)[\(index)]", expected: "an identifier", found: item.summary)
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
