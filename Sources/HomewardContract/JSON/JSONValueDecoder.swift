/// Decodes `Decodable` types from a ``JSONValue`` and reports precisely where
/// and why a value does not fit: the field path, what was expected, what was found.
///
/// The contract's types validate themselves in `init(from:)` (ranges,
/// enumerations, identifiers, timestamps), so the same rules apply whichever
/// decoder is used; this one is the fast path and the one with good messages.
public struct JSONValueDecoder {
    /// Creates a decoder.
    public init() {}

    /// Decodes `type` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }
}

/// A value that does not satisfy the contract, thrown by the contract's
/// types while decoding; the decoder adds the path.
public struct ContractMismatch: Error, Sendable {
    /// What the contract expects, e.g. `integer 1...4`.
    public let expected: String
    /// What was found, e.g. `number 7`.
    public let found: String
    /// The class of rule that was broken.
    public let kind: EventRejection.Kind

    /// Creates a mismatch.
    public init(expected: String, found: String, kind: EventRejection.Kind) {
        self.expected = expected
        self.found = found
        self.kind = kind
    }
}

/// Renders a coding path as `data.placement.type` or `data.concerns[2]`.
public func renderPath(_ path: [any CodingKey]) -> String {
    var result = ""
    for key in path {
        if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == "\(index)" {
            result += "[\(index)]"
        } else {
            result += result.isEmpty ? key.stringValue : "." + key.stringValue
        }
    }
    return result.isEmpty ? "(event)" : result
}

struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) { intValue = index; stringValue = "\(index)" }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { return nil }
}

struct NameKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

private func typeMismatch(_ expected: String, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(Any.self, DecodingError.Context(
        codingPath: path,
        debugDescription: "expected \(expected), found \(value.summary)",
        underlyingError: ContractMismatch(expected: expected, found: value.summary, kind: .wrongType)))
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw typeMismatch("object", value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw typeMismatch("array", value, codingPath) }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(value: value, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func lookup(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        var index = members.count - 1
        while index >= 0 {
            if members[index].key == name { return members[index].value }
            index -= 1
        }
        return nil
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func require(_ key: Key) throws -> JSONValue {
        guard let value = lookup(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath + [key], debugDescription: "missing"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let value = lookup(key) else { return true }
        return value == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try require(key)
        return try SingleContainer(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = lookup(key) else { return nil }
        if value == .null {
            // The contract has no nullable fields: an optional field is absent, never null.
            throw typeMismatch("a value (or the field left out)", value, codingPath + [key])
        }
        return try SingleContainer(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: require(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: require(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "array ended"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try SingleContainer(value: value, codingPath: path).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let result) = value else { throw typeMismatch("boolean", value, codingPath) }
        return result
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let result) = value else { throw typeMismatch("string", value, codingPath) }
        return result
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let result) = value else { throw typeMismatch("number", value, codingPath) }
        return result
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let number) = value, number == number.rounded(), let result = T(exactly: number) else {
            throw typeMismatch("integer", value, codingPath)
        }
        return result
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self { return try decode(String.self) as! T }
        if type == Bool.self { return try decode(Bool.self) as! T }
        if type == Int.self { return try decode(Int.self) as! T }
        do {
            return try T(from: ValueDecoder(value: value, codingPath: codingPath))
        } catch let mismatch as ContractMismatch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath, debugDescription: "expected \(mismatch.expected), found \(mismatch.found)",
                underlyingError: mismatch))
        }
    }
}
