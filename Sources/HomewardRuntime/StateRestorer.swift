import Foundation
import HomewardContract
import HomewardProcessing
import Kafka
import Logging
import Metrics

/// The worker's rebalance handler: restores a partition's state from its
/// changelog before the partition's input is fetched, and drops it when the
/// partition moves away (after the batch in hand was finished and committed).
struct StateRestorer<Logic: WorkerLogic>: KafkaRebalanceHandler {
    let logic: Logic
    let clock: WorkerClock
    let slots: PartitionSlots<Logic>
    let primaryInput: String
    let stateTopic: String
    let client: KafkaClientConfiguration
    let logger: Logger
    /// Runs first on revocation: makes in-flight effects durable and marks their offsets.
    let beforeRevocation: @Sendable (KafkaRebalanceContext) -> Void

    func partitionsAssigned(_ partitions: [KafkaTopicPartition], consumer: KafkaRebalanceContext) {
        let owned = partitions.filter { $0.topic == primaryInput && slots.slot($0.partition) == nil }.map(\.partition)
        guard !owned.isEmpty else { return }
        let started = ContinuousClock.now
        var stores: [Int32: PartitionStore<Logic.State>] = Dictionary(uniqueKeysWithValues: owned.map { ($0, PartitionStore()) })
        do {
            let count = try KafkaPartitionReader.readToEnd(
                owned.map { KafkaTopicPartition(topic: stateTopic, partition: $0) },
                configuration: client, logger: logger
            ) { partition, entry in
                try stores[partition.partition]!.restore(key: String(decoding: entry.key, as: UTF8.self), value: entry.value)
            }
            for partition in owned {
                var store = stores.removeValue(forKey: partition)!
                store.finishRestore()
                slots.insert(PartitionSlot(PartitionProcessor(logic: logic, clock: clock, store: store)), for: partition)
            }
            let elapsed = ContinuousClock.now - started
            Metrics.Timer(label: "homeward_state_restore_duration", dimensions: [("worker", logic.name)])
                .recordNanoseconds(Int64(elapsed.components.seconds) * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
            logger.info("state restored", metadata: [
                "partitions": "\(owned.count)", "changelog.records": "\(count)", "duration": "\(elapsed)",
            ])
        } catch {
            logger.critical("state restore failed", metadata: ["partitions": "\(owned)", "error": "\(error)"])
            slots.fail(.restoreFailed(partition: owned[0], underlying: "\(error)"))
        }
    }

    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool, consumer: KafkaRebalanceContext) {
        beforeRevocation(consumer)
        for partition in partitions where partition.topic == primaryInput {
            slots.remove(partition.partition)
        }
        logger.info("partitions revoked, state dropped", metadata: ["partitions": "\(partitions.map(\.partition))", "lost": "\(lost)"])
    }
}
