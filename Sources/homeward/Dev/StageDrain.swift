import HomewardContract
import Kafka
import Logging

/// One stage of the pipeline as the drain sees it: a consumer group and the
/// topics it reads.
struct DrainStage: Sendable {
    let group: String
    let inputs: [String]
}

/// Waits until a pipeline has processed everything on its inputs: stage
/// after stage (each one's inputs are final once the stages before it are
/// done), until the stage's group has committed every partition of its
/// inputs up to the end. A worker commits only what is durable (its
/// outputs and state acknowledged; the notifier's sends recorded), so the
/// pipeline's work is then done and on the broker.
struct StageDrain {
    let client: KafkaClientConfiguration
    let logger: Logger
    /// How often committed offsets are asked for.
    var interval: Duration = .milliseconds(200)

    /// Waits for `stages` in order; `tick` runs between looks (a status line).
    func wait(for stages: [DrainStage], tick: () -> Void) async throws {
        let admin = try KafkaTopicAdmin(configuration: client, logger: logger)
        for stage in stages {
            var partitions: [KafkaTopicPartition] = []
            for topic in stage.inputs {
                let count = try await admin.partitionCount(of: topic) ?? 0
                partitions += (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
            }
            let ends = try await withConsumer(group: "homeward.dev.ends") { consumer in
                try consumer.assign(partitions)
                return Dictionary(uniqueKeysWithValues: try await consumer.currentLag().map { ($0.topicPartition, $0.highWatermark ?? 0) })
            }
            try await withConsumer(group: stage.group) { consumer in
                while try await !Self.done(ends, committed: consumer.committedOffsets(for: partitions)) {
                    tick()
                    try await Task.sleep(for: interval)
                }
            }
            logger.info("stage done", metadata: ["group": "\(stage.group)"])
        }
    }

    private static func done(_ ends: [KafkaTopicPartition: Int64], committed: [KafkaTopicPartition: Int64]) -> Bool {
        ends.allSatisfy { committed[$0.key, default: 0] >= $0.value }
    }

    /// Runs `body` with a consumer in `group` (not joining it) and closes it after.
    private func withConsumer<Value>(group: String, _ body: (KafkaConsumer) async throws -> Value) async throws -> Value {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: client, groupID: group), logger: logger)
        do {
            let value = try await body(consumer)
            await consumer.close()
            return value
        } catch {
            await consumer.close()
            throw error
        }
    }
}
