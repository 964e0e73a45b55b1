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
    /// For a state changelog: the input it is co-partitioned with (same key,
    /// same partition count), so that input partition *p* owns state partition *p*.
    public let stateOf: TopicRole?
    /// What the topic holds, in a few words.
    public let summary: String

    /// Describes a topic.
    public init(_ role: TopicRole, key: String, cleanup: Cleanup, stateOf: TopicRole? = nil, summary: String) {
        self.role = role
        self.key = key
        self.cleanup = cleanup
        self.stateOf = stateOf
        self.summary = summary
    }
}
