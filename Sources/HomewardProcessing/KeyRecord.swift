/// Everything stored for one key: the worker's state and the key's timers.
/// This is the value of the key's record in the changelog topic.
///
/// Encoding (format 3): the record's format, the state's format
/// (``StateCodable/formatVersion``), the timers, then the state. Timers come
/// before the state so that a restore can index them without decoding any
/// state: the store keeps each key's value as encoded bytes and decodes the
/// state only when the key is next touched. Earlier records are read and
/// migrated: format 2 (timers, state) and format 1 (state, timers), whose
/// state is of format 1. A record of a later format, or a state of a later
/// format than this build writes, is refused (``checkReadable(_:)``):
/// written by a newer build, it is a downgrade.
public struct KeyRecord<State: StateCodable>: Sendable, Equatable {
    /// The worker's state, if any.
    public var state: State?
    /// The key's pending timers, by id.
    public var timers: [DurableTimer]

    /// Creates a record.
    @inlinable
    public init(state: State? = nil, timers: [DurableTimer] = []) {
        self.state = state
        self.timers = timers
    }

    /// Whether nothing is left to keep (the key can be deleted).
    @inlinable
    public var isEmpty: Bool {
        // Not `state == nil`: with an Equatable state that compares (and copies) the whole value.
        guard case .none = state else { return false }
        return timers.isEmpty
    }

    /// The record format this build writes.
    public static var formatVersion: UInt64 { 3 }

    /// The changelog encoding: format version, timers, state. `capacity`:
    /// the expected size (the key's previous value), so the bytes are
    /// written without regrowing and kept without much slack.
    @inlinable
    public func encoded(capacity: Int = 192) -> [UInt8] {
        var writer = BinaryWriter(capacity: capacity)
        writer.write(Self.formatVersion)
        writer.write(UInt64(State.formatVersion))
        writer.write(timers) { writer, timer in
            writer.write(timer.id)
            writer.write(timer.due)
            writer.write(bytes: timer.payload)
        }
        writer.write(state) { writer, state in state.encode(into: &writer) }
        return writer.bytes
    }

    /// Reads a changelog value.
    @inlinable
    public init(encoded bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = BinaryReader(bytes)
        do {
            switch try reader.readUInt() {
            case 1:
                state = try reader.readOptional { try State(from: &$0, formatVersion: 1) }
                timers = try Self.readTimers(&reader)
            case 2:
                timers = try Self.readTimers(&reader)
                state = try reader.readOptional { try State(from: &$0, formatVersion: 1) }
            case 3:
                let stateVersion = try Self.readStateVersion(&reader)
                timers = try Self.readTimers(&reader)
                state = try reader.readOptional { try State(from: &$0, formatVersion: stateVersion) }
            case let version:
                throw Self.newer("record format \(version)", writes: "\(Self.formatVersion)")
            }
        } catch let error as BinaryDecodingError {
            throw error
        } catch {
            throw BinaryDecodingError(description: "corrupt state: \(error)")
        }
    }

    /// Reads a changelog value's timers and, only if `wanted` accepts them,
    /// its state: a stale entry of the timer index (the key's timers
    /// changed since) costs no state decode. Returns nil when not wanted.
    @inlinable
    public static func decode(_ bytes: [UInt8], ifTimers wanted: ([DurableTimer]) -> Bool) throws(BinaryDecodingError) -> KeyRecord? {
        var reader = BinaryReader(bytes)
        do {
            guard try reader.readUInt() == 3 else {  // an earlier format: read it all
                let record = try KeyRecord(encoded: bytes)
                return wanted(record.timers) ? record : nil
            }
            let stateVersion = try readStateVersion(&reader)
            let timers = try readTimers(&reader)
            guard wanted(timers) else { return nil }
            return KeyRecord(state: try reader.readOptional { try State(from: &$0, formatVersion: stateVersion) }, timers: timers)
        } catch let error as BinaryDecodingError {
            throw error
        } catch {
            throw BinaryDecodingError(description: "corrupt state: \(error)")
        }
    }

    /// Whether a changelog value may hold timers: false only for formats 2
    /// and 3 with an empty timer list (a few bytes tell), so a restore can skip it.
    @inlinable
    static func mayHaveTimers(encoded bytes: [UInt8]) -> Bool {
        !((bytes.count >= 2 && bytes[0] == 2 && bytes[1] == 0) || (bytes.count >= 3 && bytes[0] == 3 && bytes[1] < 0x80 && bytes[2] == 0))
    }

    /// Refuses a value this build cannot read because a newer one wrote it
    /// (a record or state format above what this build writes), naming the
    /// formats and the fix. Two varints tell: a restore checks every value.
    @inlinable
    public static func checkReadable(_ bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = BinaryReader(bytes)
        do {
            let version = try reader.readUInt()
            guard version <= formatVersion else { throw newer("record format \(version)", writes: "\(formatVersion)") }
            guard version == 3 else { return }
            _ = try readStateVersion(&reader)
        } catch let error as BinaryDecodingError {
            throw error
        } catch {
            throw BinaryDecodingError(description: "corrupt state: \(error)")
        }
    }

    /// Reads the state's format of a format-3 record; refuses one above ``StateCodable/formatVersion``.
    @inlinable
    static func readStateVersion(_ reader: inout BinaryReader) throws -> Int {
        let version = try reader.readUInt()
        guard version <= UInt64(State.formatVersion) else { throw newer("\(State.self) format \(version)", writes: "\(State.formatVersion)") }
        return Int(version)
    }

    /// The error for a value a newer build wrote.
    @usableFromInline
    static func newer(_ what: String, writes current: String) -> BinaryDecodingError {
        BinaryDecodingError(description: "state written by a newer Homeward (\(what); this build writes \(current)): "
                            + "run that version or a later one, or rebuild the state from the inputs with `homeward state reset`")
    }

    /// Reads only the timers of a changelog value (the state is not decoded
    /// in format 2).
    @inlinable
    public static func timers(inEncoded bytes: [UInt8]) throws(BinaryDecodingError) -> [DurableTimer] {
        var reader = BinaryReader(bytes)
        do {
            switch try reader.readUInt() {
            case 2: return try readTimers(&reader)
            case 3:
                _ = try readStateVersion(&reader)
                return try readTimers(&reader)
            default: break
            }
        } catch let error as BinaryDecodingError {
            throw error
        } catch {
            throw BinaryDecodingError(description: "corrupt state: \(error)")
        }
        return try KeyRecord(encoded: bytes).timers
    }

    @inlinable
    static func readTimers(_ reader: inout BinaryReader) throws -> [DurableTimer] {
        try reader.readArray { reader in
            DurableTimer(id: try reader.readString(), due: try reader.readTimestamp(), payload: try reader.readBytes())
        }
    }
}

/// One changelog write: the key and its new value, or `nil` (a tombstone).
public struct ChangelogWrite: Sendable, Equatable {
    /// The key.
    public let key: String
    /// The encoded ``KeyRecord``, or `nil` to delete the key.
    public let value: [UInt8]?

    /// Creates a write.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
