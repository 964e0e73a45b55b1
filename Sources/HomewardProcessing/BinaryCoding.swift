public import HomewardContract

/// Appends a compact binary encoding: unsigned LEB128 varints, zig-zag
/// signed varints, length-prefixed UTF-8. State is restored far more often
/// than it is read by people, so it is binary, not JSON.
///
/// Reading and writing are inlinable, so they are specialized and inlined
/// into each state's own encoding (state is encoded and decoded on every
/// touch of a key).
public struct BinaryWriter: Sendable {
    @usableFromInline var storage: [UInt8] = []

    /// The bytes written so far.
    @inlinable
    public var bytes: [UInt8] { storage }

    /// Creates an empty writer.
    @inlinable
    public init() {}

    /// Creates an empty writer with room for `capacity` bytes (no regrowth
    /// while writing a value of about that size).
    @inlinable
    public init(capacity: Int) { storage.reserveCapacity(capacity) }

    /// Writes an unsigned varint.
    @inlinable
    public mutating func write(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        storage.append(UInt8(remaining))
    }

    /// Writes a signed integer (zig-zag varint).
    @inlinable
    public mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes an integer.
    @inlinable
    public mutating func write(_ value: Int) { write(Int64(value)) }

    /// Writes a boolean as one byte.
    @inlinable
    public mutating func write(_ value: Bool) { storage.append(value ? 1 : 0) }

    /// Writes a length-prefixed UTF-8 string.
    @inlinable
    public mutating func write(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            write(UInt64(utf8.count))
            storage.append(contentsOf: utf8)
        }
    }

    /// Writes a timestamp (milliseconds since the epoch).
    @inlinable
    public mutating func write(_ value: Timestamp) { write(value.millisecondsSinceEpoch) }

    /// Writes an optional value: a presence byte, then the value.
    /// (Inlinable, so it is specialized where states are encoded.)
    @inlinable
    public mutating func write<T>(_ value: T?, _ body: (inout BinaryWriter, T) -> Void) {
        if let value {
            write(true)
            body(&self, value)
        } else {
            write(false)
        }
    }

    /// Writes a count, then each element.
    @inlinable
    public mutating func write<C: Collection>(_ values: C, _ body: (inout BinaryWriter, C.Element) -> Void) {
        write(UInt64(values.count))
        for value in values { body(&self, value) }
    }

    /// Writes raw bytes, length-prefixed.
    @inlinable
    public mutating func write(bytes value: [UInt8]) {
        write(UInt64(value.count))
        storage.append(contentsOf: value)
    }
}

/// Why stored bytes could not be read back.
public struct BinaryDecodingError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and where.
    public let description: String

    /// Creates an error saying what went wrong.
    public init(description: String) { self.description = description }
}

/// Reads what ``BinaryWriter`` wrote.
public struct BinaryReader {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline var index = 0

    /// Reads `bytes` from the start.
    @inlinable
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte was read.
    @inlinable
    public var isAtEnd: Bool { index >= bytes.count }

    @usableFromInline
    func fail(_ what: String) -> BinaryDecodingError {
        BinaryDecodingError(description: "corrupt state at byte \(index) of \(bytes.count): \(what)")
    }

    /// Reads an unsigned varint.
    @inlinable
    public mutating func readUInt() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw fail("varint runs past the end") }
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { throw fail("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a signed integer.
    @inlinable
    public mutating func readInt64() throws -> Int64 {
        let raw = try readUInt()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads an integer.
    @inlinable
    public mutating func readInt() throws -> Int {
        guard let value = Int(exactly: try readInt64()) else { throw fail("integer out of range") }
        return value
    }

    /// Reads a boolean.
    @inlinable
    public mutating func readBool() throws -> Bool {
        guard index < bytes.count else { throw fail("boolean past the end") }
        defer { index += 1 }
        return bytes[index] != 0
    }

    /// Reads a string.
    @inlinable
    public mutating func readString() throws -> String {
        let count = Int(try readUInt())
        guard count <= bytes.count - index else { throw fail("string of \(count) bytes runs past the end") }
        defer { index += count }
        let start = index
        guard let text = bytes.withUnsafeBytes({ String(validatingUTF8Bytes: UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }) else {
            throw fail("string is not UTF-8")
        }
        return text
    }

    /// Reads raw length-prefixed bytes.
    @inlinable
    public mutating func readBytes() throws -> [UInt8] {
        let count = Int(try readUInt())
        guard count <= bytes.count - index else { throw fail("\(count) bytes run past the end") }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    /// Reads a timestamp.
    @inlinable
    public mutating func readTimestamp() throws -> Timestamp { Timestamp(millisecondsSinceEpoch: try readInt64()) }

    /// Reads an optional value. (Inlinable, so it is specialized where
    /// states are decoded.)
    @inlinable
    public mutating func readOptional<T>(_ body: (inout BinaryReader) throws -> T) throws -> T? {
        try readBool() ? try body(&self) : nil
    }

    /// Reads a list's element count, checked against the bytes left (each
    /// element takes at least one byte).
    @inlinable
    public mutating func readCount() throws -> Int {
        let count = Int(try readUInt())
        guard count <= bytes.count - index else { throw fail("list of \(count) runs past the end") }
        return count
    }

    /// Reads a counted list.
    @inlinable
    public mutating func readArray<T>(_ body: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try readCount()
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try body(&self)) }
        return result
    }
}

/// A worker state that can be stored in its changelog topic.
public protocol StateCodable: Sendable, Equatable {
    /// The version of the encoding this build writes; every changelog
    /// record carries it (``KeyRecord``), so a later build can migrate on
    /// read and an earlier one can refuse what it cannot read. 1 unless a
    /// state's encoding changed.
    static var formatVersion: Int { get }
    /// Appends the state's encoding.
    func encode(into writer: inout BinaryWriter)
    /// Reads a state written by `encode(into:)`.
    init(from reader: inout BinaryReader) throws
    /// Reads a state written in `formatVersion` (at most ``formatVersion``):
    /// a state whose encoding changed reads its earlier versions here.
    init(from reader: inout BinaryReader, formatVersion: Int) throws
}

extension StateCodable {
    /// Format 1.
    public static var formatVersion: Int { 1 }

    /// Reads the current format; no earlier one exists.
    public init(from reader: inout BinaryReader, formatVersion: Int) throws {
        guard formatVersion == Self.formatVersion else {
            throw BinaryDecodingError(description: "\(Self.self) format \(formatVersion) has no reader (this build writes format \(Self.formatVersion))")
        }
        try self.init(from: &reader)
    }
}
