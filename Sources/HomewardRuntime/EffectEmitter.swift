import HomewardContract
import HomewardProcessing
import Kafka
import Logging

/// Hands one partition's outcome to the producer: its outputs (with the
/// partition's ``ReadPosition`` headers), and its rejected inputs as dead letters (logged and counted). A log line names
/// the input by its position and key, and why without any value read from
/// it: case ids, never other case data or an address. Each partition's
/// task calls it, so the loop's serial part stays small.
struct EffectEmitter: Sendable {
    let producer: KafkaProducer
    let worker: String
    let topicPrefix: String
    let deadLetterTopic: String
    /// Outputs of this role are performed, not produced (``WorkerLogic/performedRole``).
    let performedRole: TopicRole?
    let metrics: WorkerMetrics
    let logger: Logger

    /// Produces `outcome`'s records and returns what the batch's entry
    /// needs: their deliveries and the partition's state writes and
    /// checkpoint (for the state buffer).
    func emit(_ outcome: PartitionOutcome, partition: Int32) async throws -> PartitionEmission {
        var records: [KafkaProducerRecord] = []
        records.reserveCapacity(outcome.step.outputs.count + outcome.rejected.count)
        // Shared by the partition's outputs, not copied: the content type and
        // where the inputs stand (``ReadPosition``), for a merging worker downstream.
        let headers = [KafkaHeader(name: "content-type", value: "application/cloudevents+json")]
            + ReadPosition.headers(outcome.checkpoint?.nextOffsets ?? [:], partition: partition, prefix: topicPrefix)
        var role: TopicRole?, topic = ""  // outputs come in runs of one role
        var performed: [OutputRecord] = []
        for output in outcome.step.outputs {
            if output.topicRole == performedRole {
                performed.append(output)
                continue
            }
            if let deadLetter = output.deadLetter {
                records.append(rulesDeadLetter(output, deadLetter, partition: partition))
                continue
            }
            if output.topicRole != role {
                role = output.topicRole
                topic = output.topicRole.topic(prefix: topicPrefix)
            }
            records.append(KafkaProducerRecord(
                topic: topic, key: output.key, value: output.isTombstone ? nil : output.value,
                headers: output.isTombstone ? [] : headers, timestampMilliseconds: output.time.millisecondsSinceEpoch))
        }
        metrics.recordsOut.increment(by: outcome.step.outputs.count - performed.count)
        countByMetric(outcome.step.outputs)
        for (key, error) in outcome.step.unreadableState {
            logger.critical("timer dropped: stored state unreadable", metadata: [
                "worker": "\(worker)", "partition": "\(partition)", "key": "\(key)", "error": "\(error)",
            ])
            metrics.deadLetters("unreadable-state").increment()
        }
        for rejected in outcome.rejected {
            logger.warning("input dead-lettered", metadata: [
                "worker": "\(worker)", "topic": "\(rejected.record.topic)", "partition": "\(rejected.record.partition)",
                "offset": "\(rejected.record.offset)", "reason": "\(AddressRedaction.redacted(rejected.logged))",
            ])
            metrics.deadLetters(rejected.kind).increment()
            records.append(DeadLetter.record(for: rejected.record, worker: worker, reason: rejected.reason, kind: rejected.kind,
                                                 topic: deadLetterTopic))
        }
        return PartitionEmission(
            deliveries: records.isEmpty ? nil : try await producer.enqueue(records),
            outputs: outcome.step.outputs.count - performed.count,
            state: PartitionStateWrites(partition: partition, writes: outcome.step.changelog, checkpoint: outcome.checkpoint),
            timersPending: outcome.timersPending,
            effects: performed.map { PerformedEffect(partition: partition, effect: $0) })
    }

    /// Adds the produced outputs that name a counter (``OutputMetric``) to
    /// it: tallied here, so each counter is touched once per partition and batch.
    private func countByMetric(_ outputs: [OutputRecord]) {
        var tally: [OutputMetric: Int] = [:]
        for output in outputs where output.topicRole != performedRole && output.deadLetter == nil {
            if let metric = output.metric { tally[metric, default: 0] += 1 }
        }
        for (metric, count) in tally { metrics.output(metric).increment(by: count) }
    }

    /// A dead letter the rules wrote (their input decoded, but they cannot
    /// act on it): the contract's headers, logged and counted.
    private func rulesDeadLetter(_ output: OutputRecord, _ deadLetter: DeadLetterReason, partition: Int32) -> KafkaProducerRecord {
        logger.warning("input dead-lettered by the rules", metadata: [
            "worker": "\(worker)", "partition": "\(partition)", "id": "\(output.id)", "reason": "\(AddressRedaction.redacted(deadLetter.reason))",
        ])
        metrics.deadLetters(deadLetter.kind).increment()
        return KafkaProducerRecord(
            topic: deadLetterTopic, key: output.key, value: output.value,
            headers: [
                KafkaHeader(name: DeadLetter.errorHeader, value: deadLetter.reason),
                KafkaHeader(name: DeadLetter.errorKindHeader, value: deadLetter.kind),
                KafkaHeader(name: DeadLetter.workerHeader, value: worker),
            ],
            timestampMilliseconds: output.time.millisecondsSinceEpoch)
    }
}

/// What one partition's share of a batch left for the loop.
struct PartitionEmission: Sendable {
    /// The outputs' and dead letters' deliveries (nil when there were none).
    let deliveries: KafkaPendingDeliveries?
    /// How many outputs.
    let outputs: Int
    let state: PartitionStateWrites
    let timersPending: Int
    /// Outputs to perform once the state is durable.
    let effects: [PerformedEffect]
}
