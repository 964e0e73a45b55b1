/// One of Homeward's topics: its role, its key and how the broker keeps it.
public struct TopicDescriptor: Sendable, Hashable {
    /// How a topic's old records go.
    public enum Cleanup: String, Sendable, Hashable {
        /// Deleted after the retention time (`cleanup.policy=delete`).
        case delete
        /// Only the latest record per key is kept (`cleanup.policy=compact`).
        case compact
    }

    /// The topic's role.
    public let role: TopicRole
    /// What its records are keyed by.
    public let key: String
    /// Its cleanup policy on a real cluster.
    public let cleanup: Cleanup
    /// How long a deleted topic keeps its records, in days (`retention.ms`);
    /// `nil` for a compacted topic, which keeps each key's latest record.
    public let retentionDays: Int?
    /// For a state changelog: the input it is co-partitioned with (same key,
    /// same partition count), so that input partition *p* owns state partition *p*.
    public let stateOf: TopicRole?
    /// The topic whose partition count this one must have: the input of a
    /// state changelog, or the topic a worker reads alongside this one
    /// partition by partition (`reminders` beside `case-events`). `nil`
    /// when the count is free.
    public let copartitionedWith: TopicRole?
    /// What the topic holds, in a few words.
    public let summary: String

    /// Describes a topic; a state changelog (`stateOf`) is co-partitioned
    /// with its input unless `copartitionedWith` says otherwise.
    public init(_ role: TopicRole, key: String, cleanup: Cleanup, retentionDays: Int? = nil, stateOf: TopicRole? = nil,
                copartitionedWith: TopicRole? = nil, summary: String) {
        self.role = role
        self.key = key
        self.cleanup = cleanup
        self.retentionDays = retentionDays
        self.stateOf = stateOf
        self.copartitionedWith = copartitionedWith ?? stateOf
        self.summary = summary
    }

    /// `retention.ms`, from ``retentionDays``.
    public var retentionMilliseconds: Int64? {
        retentionDays.map { Int64($0) * 86_400_000 }
    }

    /// The topic configuration a cluster needs: `cleanup.policy`, and
    /// `retention.ms` for a deleted topic.
    public var configuration: [String: String] {
        var entries = ["cleanup.policy": cleanup.rawValue]
        if let retentionMilliseconds { entries["retention.ms"] = "\(retentionMilliseconds)" }
        return entries
    }
}
