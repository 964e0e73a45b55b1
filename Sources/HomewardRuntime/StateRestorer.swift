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

    func partitionsAssigned(_ partitions: [KafkaTopicPartition], consumer: KafkaRebalanceContext) {
        for partition in partitions where partition.topic == primaryInput && slots.slot(partition.partition) == nil {
            let started = ContinuousClock.now
            var store = PartitionStore<Logic.State>()
            do {
                let count = try KafkaPartitionReader.readToEnd(
                    KafkaTopicPartition(topic: stateTopic, partition: partition.partition),
                    configuration: client, logger: logger
                ) { entry in
                    try store.restore(key: String(decoding: entry.key, as: UTF8.self), value: entry.value)
                }
                store.finishRestore()
                let elapsed = ContinuousClock.now - started
                Metrics.Timer(label: "homeward_state_restore_duration", dimensions: [("worker", logic.name)])
                    .recordNanoseconds(Int64(elapsed.components.seconds) * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
                logger.info("state restored", metadata: [
                    "partition": "\(partition.partition)", "changelog.records": "\(count)",
                    "keys": "\(store.keyCount)", "timers": "\(store.timersPending)", "duration": "\(elapsed)",
                ])
                slots.insert(PartitionSlot(PartitionProcessor(logic: logic, clock: clock, store: store)), for: partition.partition)
            } catch {
                logger.critical("state restore failed", metadata: ["partition": "\(partition.partition)", "error": "\(error)"])
                slots.fail(.restoreFailed(partition: partition.partition, underlying: "\(error)"))
            }
        }
    }

    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool, consumer: KafkaRebalanceContext) {
        for partition in partitions where partition.topic == primaryInput {
            slots.remove(partition.partition)
        }
        logger.info("partitions revoked, state dropped", metadata: ["partitions": "\(partitions.map(\.partition))", "lost": "\(lost)"])
    }
}
