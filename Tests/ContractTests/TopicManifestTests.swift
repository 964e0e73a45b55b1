import Foundation
import HomewardContract
import Testing
import Yams

/// The deploy manifest (`deploy/kafka/topics.yaml`) and the AsyncAPI
/// document (`config/asyncapi.yaml`) describe exactly the topics of
/// ``TopicCatalog``, with its cleanup policies, retention and co-partitioning.
@Suite("the topic manifests agree with the catalogue")
struct TopicManifestTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func yaml(_ path: String) throws -> [String: Any] {
        let text = try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(path) is a YAML mapping")
    }

    /// `value` as an integer, however YAML typed it.
    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int: Int64(number)
        case let text as String: Int64(text)
        default: nil
        }
    }

    @Test("deploy/kafka/topics.yaml lists every catalogue topic with its cleanup policy, retention and co-partitioning")
    func deployManifest() throws {
        let manifest = try Self.yaml("deploy/kafka/topics.yaml")
        #expect(manifest["prefix"] as? String == "homeward.")
        #expect(Self.integer(manifest["partitions"]) == Int64(TopicCatalog.defaultPartitions))
        let topics = try #require(manifest["topics"] as? [String: [String: Any]])
        #expect(Set(topics.keys) == Set(TopicCatalog.roles.map(\.rawValue)))
        for descriptor in TopicCatalog.topics {
            let entry = try #require(topics[descriptor.role.rawValue], "\(descriptor.role) is in the manifest")
            #expect(entry["cleanup.policy"] as? String == descriptor.cleanup.rawValue, "\(descriptor.role)")
            #expect(Self.integer(entry["retention.ms"]) == descriptor.retentionMilliseconds, "\(descriptor.role)")
            #expect(entry["copartitionedWith"] as? String == descriptor.copartitionedWith?.rawValue, "\(descriptor.role)")
        }
    }

    @Test("config/asyncapi.yaml has one channel per catalogue topic, with its address and Kafka topic configuration")
    func asyncAPIChannels() throws {
        let document = try Self.yaml("config/asyncapi.yaml")
        let channels = try #require(document["channels"] as? [String: [String: Any]])
        #expect(Set(channels.keys) == Set(TopicCatalog.roles.map(\.rawValue)))
        let catalog = TopicCatalog()
        for descriptor in TopicCatalog.topics {
            let channel = try #require(channels[descriptor.role.rawValue], "\(descriptor.role) has a channel")
            #expect(channel["address"] as? String == catalog.name(descriptor.role))
            let kafka = try #require((channel["bindings"] as? [String: Any])?["kafka"] as? [String: Any], "\(descriptor.role)")
            #expect(kafka["topic"] as? String == catalog.name(descriptor.role))
            #expect(Self.integer(kafka["partitions"]) == Int64(TopicCatalog.defaultPartitions), "\(descriptor.role)")
            let configuration = try #require(kafka["topicConfiguration"] as? [String: Any], "\(descriptor.role)")
            #expect(configuration["cleanup.policy"] as? [String] == [descriptor.cleanup.rawValue], "\(descriptor.role)")
            #expect(Self.integer(configuration["retention.ms"]) == descriptor.retentionMilliseconds, "\(descriptor.role)")
        }
    }

    @Test("every co-partitioned topic follows a topic of the catalogue that comes before it")
    func copartitioningIsOrdered() {
        for (index, descriptor) in TopicCatalog.topics.enumerated() {
            guard let leader = descriptor.copartitionedWith else { continue }
            let leaderIndex = TopicCatalog.topics.firstIndex { $0.role == leader }
            #expect(leaderIndex.map { $0 < index } == true, "\(descriptor.role) follows \(leader)")
        }
    }
}
