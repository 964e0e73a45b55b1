public import HomewardContract

/// Where a partition's state stands: the next input offset per input topic
/// and the stream time. Written to the changelog after each batch's state
/// writes (same partition, so it lands after them); on restore, state is
/// taken only up to the last checkpoint and input resumes at its offsets —
/// so every input is applied to state exactly once, even when an offset
/// commit was lost.
public struct PartitionCheckpoint: Sendable, Equatable {
    /// The changelog key of checkpoints; it can never be a valid record key
    /// (identifiers have no control characters).
    public static let key = "\u{1}checkpoint"

    /// The next offset to read, per input topic.
    public var nextOffsets: [String: Int64]
    /// The partition's stream time.
    public var streamTime: Timestamp?

    /// Creates a checkpoint.
    public init(nextOffsets: [String: Int64] = [:], streamTime: Timestamp? = nil) {
        self.nextOffsets = nextOffsets
        self.streamTime = streamTime
    }

    /// The changelog value.
    public func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(UInt64(1))
        writer.write(streamTime) { $0.write($1) }
        writer.write(nextOffsets.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            writer.write(entry.value)
        }
        return writer.bytes
    }

    /// Reads a changelog value.
    public init(encoded bytes: [UInt8]) throws {
        var reader = BinaryReader(bytes)
        let version = try reader.readUInt()
        guard version == 1 else { throw BinaryDecodingError(description: "checkpoint format version \(version) is not supported") }
        streamTime = try reader.readOptional { try $0.readTimestamp() }
        let entries = try reader.readArray { reader in (try reader.readString(), try reader.readInt64()) }
        nextOffsets = Dictionary(entries, uniquingKeysWith: { _, last in last })
    }
}

/// Rebuilds a partition's store from its changelog, keeping only what the
/// last checkpoint covers.
///
/// A tombstone under the checkpoint key marks a reset (`homeward state
/// reset` writes one last on each partition it empties): nothing before it
/// counts, and the partition starts over empty, with no checkpoint, from
/// the group's committed offsets.
public struct ChangelogRestorer<State: StateCodable>: Sendable {
    /// The store as of the last checkpoint read so far.
    public private(set) var store = PartitionStore<State>()
    /// The last checkpoint read.
    public private(set) var checkpoint: PartitionCheckpoint?
    private var pending: [(String, [UInt8]?)] = []

    /// Creates an empty restorer.
    public init() {}

    /// Makes room for a changelog of `records` records.
    public mutating func reserveCapacity(_ records: Int) {
        store.reserveCapacity(records)
    }

    /// Reads the next changelog record.
    public mutating func read(key: String, value: [UInt8]?) throws {
        guard key == PartitionCheckpoint.key else {
            pending.append((key, value))
            return
        }
        guard let value else {
            startOver()
            return
        }
        for (key, value) in pending { store.restore(key: key, value: value) }
        pending.removeAll(keepingCapacity: true)
        checkpoint = try PartitionCheckpoint(encoded: value)
    }

    /// A reset: forgets everything read so far.
    private mutating func startOver() {
        store = PartitionStore()
        pending.removeAll(keepingCapacity: true)
        checkpoint = nil
    }

    /// Finishes: writes after the last checkpoint (an interrupted batch) are
    /// dropped, to be redone from the checkpoint's offsets. Returns how many.
    ///
    /// - Throws: ``BinaryDecodingError`` if a kept value cannot be read.
    public mutating func finish() throws(BinaryDecodingError) -> Int {
        let dropped = pending.count
        pending.removeAll()
        try store.finishRestore()
        return dropped
    }
}
