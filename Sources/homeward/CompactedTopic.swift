import HomewardProcessing

/// What a compacted topic holds after a sequence of records: the last value
/// per key, without the keys whose last record is a tombstone (`replay --status`).
struct CompactedTopic {
    private var latest: [String: [UInt8]] = [:]

    /// Takes `record` as its key's latest.
    mutating func apply(_ record: OutputRecord) {
        latest[record.key] = record.isTombstone ? nil : record.value
    }

    /// The values held, by key.
    var values: [[UInt8]] { latest.sorted { $0.key < $1.key }.map(\.value) }
}
