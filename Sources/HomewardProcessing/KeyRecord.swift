/// Everything stored for one key: the worker's state and the key's timers.
/// This is the value of the key's record in the changelog topic.
public struct KeyRecord<State: StateCodable>: Sendable, Equatable {
    /// The worker's state, if any.
    public var state: State?
    /// The key's pending timers, by id.
    public var timers: [DurableTimer]

    /// Creates a record.
    public init(state: State? = nil, timers: [DurableTimer] = []) {
        self.state = state
        self.timers = timers
    }

    /// Whether nothing is left to keep (the key can be deleted).
    public var isEmpty: Bool { state == nil && timers.isEmpty }

    static var formatVersion: UInt64 { 1 }

    /// The changelog encoding: format version, state, timers.
    public func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(Self.formatVersion)
        writer.write(state) { writer, state in state.encode(into: &writer) }
        writer.write(timers) { writer, timer in
            writer.write(timer.id)
            writer.write(timer.due)
            writer.write(bytes: timer.payload)
        }
        return writer.bytes
    }

    /// Reads a changelog value.
    public init(encoded bytes: [UInt8]) throws {
        var reader = BinaryReader(bytes)
        let version = try reader.readUInt()
        guard version == Self.formatVersion else {
            throw BinaryDecodingError(description: "state format version \(version) is not supported (this build reads \(Self.formatVersion))")
        }
        state = try reader.readOptional { try State(from: &$0) }
        timers = try reader.readArray { reader in
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
