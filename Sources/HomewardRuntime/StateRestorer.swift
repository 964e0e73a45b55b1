import Foundation
import HomewardContract
import HomewardProcessing
import Kafka
import Logging

/// The worker's rebalance handler: restores a partition's state from its
/// changelog before the partition's input is fetched, and hands a
/// revocation to the worker's loop, which settles what is in flight and
/// drops the partitions' state before they move away (see ``Revocation``).
struct StateRestorer<Logic: WorkerLogic>: KafkaRebalanceHandler {
    let logic: Logic
    let clock: WorkerClock
    let slots: PartitionSlots<Logic>
    /// The input topics; partition *p* of the first one decides ownership.
    let inputTopics: [String]
    var primaryInput: String { inputTopics[0] }
    let stateTopic: String
    let client: KafkaClientConfiguration
    let logger: Logger
    let metrics: WorkerMetrics
    /// Hands a revocation of input partitions to the loop and waits until it is handled.
    let revoke: @Sendable (_ partitions: [Int32], _ lost: Bool) -> Void
    /// Stops the worker: a partition's state could not be restored.
    let fail: @Sendable (WorkerError) -> Void
    /// Wakes the loop: restored partitions may have a first round due
    /// before any input comes (``WorkerLogic/reactsToRestore``).
    let restored: @Sendable () -> Void

    func partitionsAssigned(_ partitions: [KafkaTopicPartition], consumer: KafkaRebalanceContext) {
        let assigned = partitions.filter { $0.topic == primaryInput }.map(\.partition)
        slots.assign(assigned)
        let owned = assigned.filter { slots.slot($0) == nil }
        guard !owned.isEmpty else { return }
        let started = ContinuousClock.now
        var restorers: [Int32: ChangelogRestorer<Logic.State>] = Dictionary(uniqueKeysWithValues: owned.map { ($0, ChangelogRestorer()) })
        do {
            let count = try KafkaPartitionReader.readToEnd(
                borrowing: owned.map { KafkaTopicPartition(topic: stateTopic, partition: $0) },
                configuration: client, logger: logger,
                sizes: { sizes in for (partition, count) in sizes { restorers[partition.partition]?.reserveCapacity(count) } }
            ) { partition, entry in
                try restorers[partition.partition]!.read(key: String(decoding: entry.key, as: UTF8.self), value: entry.value.map { Array($0) })
            }
            var dropped = 0
            for partition in owned {
                var restorer = restorers.removeValue(forKey: partition)!
                dropped += try restorer.finish()
                let checkpoint = restorer.checkpoint ?? PartitionCheckpoint()
                for (topic, offset) in checkpoint.nextOffsets {
                    consumer.startReading(KafkaTopicPartition(topic: topic, partition: partition), at: offset)
                }
                slots.insert(PartitionSlot(PartitionProcessor(logic: logic, clock: clock, store: restorer.store,
                                                              streamTime: checkpoint.streamTime),
                                           nextOffsets: checkpoint.nextOffsets, inputTopics: inputTopics), for: partition)
            }
            if logic.reactsToRestore { restored() }
            let elapsed = ContinuousClock.now - started
            metrics.stateRestoreDuration.recordNanoseconds(Int64(elapsed.components.seconds) * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
            logger.info("state restored", metadata: [
                "partitions": "\(owned.count)", "changelog.records": "\(count)",
                "uncheckpointed.dropped": "\(dropped)", "duration": "\(elapsed)",
            ])
        } catch let error as BinaryDecodingError {
            logger.critical("state unreadable", metadata: ["partitions": "\(owned)", "error": "\(error)"])
            fail(.unreadableState(worker: logic.name, topic: stateTopic, partition: owned[0], reason: error.description))
        } catch {
            logger.critical("state restore failed", metadata: ["partitions": "\(owned)", "error": "\(error)"])
            fail(.restoreFailed(partition: owned[0], underlying: "\(error)"))
        }
    }

    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool, consumer: KafkaRebalanceContext) {
        let revoked = partitions.filter { $0.topic == primaryInput }.map(\.partition)
        slots.unassign(revoked)
        revoke(revoked, lost)
    }
}
