import HomewardContract
import Kafka

/// How far a worker had read one of its inputs on one partition when it
/// wrote an output: every output carries one header per input,
/// `homeward-read-to: <role>/<partition>=<next offset>`.
///
/// A worker downstream that merges the output with that same input in time
/// order (the escalator takes the scheduler's reminders together with
/// `case-events`) holds the output until it has been handed the input up
/// to that offset: the writer read those records before it wrote the
/// output, so they are on the broker, and replay would merge them with it
/// by time. The consumer's own idea of where the input ends (the high
/// watermark of its last fetch) can lag behind after a restart or a
/// rebalance; this position cannot.
struct ReadPosition: Sendable, Hashable {
    /// The header's name.
    static let headerName = "homeward-read-to"

    /// The input's role (its topic without the prefix).
    let role: TopicRole
    let partition: Int32
    /// The offset after the last record read.
    let next: Int64

    init(role: TopicRole, partition: Int32, next: Int64) {
        self.role = role
        self.partition = partition
        self.next = next
    }

    /// The position a header's value gives, or nil if it is not one.
    init?(headerValue bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let slash = text.lastIndex(of: "/"), let equals = text.lastIndex(of: "="), slash < equals,
              let partition = Int32(text[text.index(after: slash)..<equals]), partition >= 0,
              let next = Int64(text[text.index(after: equals)...]), next >= 0, slash > text.startIndex else { return nil }
        self.init(role: TopicRole(rawValue: String(text[..<slash])), partition: partition, next: next)
    }

    /// The header that carries it.
    var header: KafkaHeader {
        KafkaHeader(name: Self.headerName, value: "\(role.rawValue)/\(partition)=\(next)")
    }

    /// The headers for a partition's outputs: where each input stands
    /// (`nextOffsets` by topic name; topics outside `prefix` are left out).
    static func headers(_ nextOffsets: [String: Int64], partition: Int32, prefix: String) -> [KafkaHeader] {
        nextOffsets.sorted { $0.key < $1.key }.compactMap { topic, next in
            guard topic.hasPrefix(prefix) else { return nil }
            return ReadPosition(role: TopicRole(rawValue: String(topic.dropFirst(prefix.count))), partition: partition, next: next).header
        }
    }
}
