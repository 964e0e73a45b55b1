import HomewardContract
import Kafka

extension RuntimeFixture {
    /// The records of `role` from the start, read until `done` says they
    /// are enough or `limit` passes.
    func read(_ role: String, within limit: Duration, until done: ([KafkaRecord]) -> Bool) async throws -> [KafkaRecord] {
        var configuration = KafkaConsumerConfiguration(client: client)
        configuration.fetchWait = .milliseconds(10)  // the embedded broker holds a fetch for the whole wait
        let consumer = try KafkaConsumer(configuration: configuration, logger: runtimeLogger)
        try consumer.assign((0..<partitions).map { KafkaTopicPartition(topic: prefix + role, partition: $0) })
        // At the limit, closing the consumer ends the wait for records.
        let deadline = Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            await consumer.close()
        }
        var records: [KafkaRecord] = []
        var iterator = consumer.batches.makeAsyncIterator()
        while !done(records), let batch = try await iterator.next() {
            records += batch
        }
        deadline.cancel()
        await deadline.value
        await consumer.close()
        return records
    }

    /// Every record of `role` up to each partition's end when called: all
    /// of it, once nobody writes to it any more.
    func readToEnd(_ role: String) async throws -> [KafkaRecord] {
        let admin = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: client), logger: runtimeLogger)
        try admin.assign((0..<partitions).map { KafkaTopicPartition(topic: prefix + role, partition: $0) })
        let ends = try await admin.currentLag().reduce(into: [Int32: Int64]()) { ends, entry in
            ends[entry.topicPartition.partition] = entry.highWatermark
        }
        await admin.close()
        return try await read(role, within: .seconds(60)) { records in
            var next: [Int32: Int64] = [:]
            for record in records { next[record.partition] = record.offset + 1 }
            return ends.allSatisfy { partition, end in end == 0 || (next[partition] ?? 0) >= end }
        }
    }

    /// Produces one event to each partition of case-events, for key
    /// `sentinel-<partition>`: once a worker's output for each is out, it
    /// has processed every record before them.
    func produceSentinels() async throws -> [String] {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: runtimeLogger)
        let keys = (0..<partitions).map { "sentinel-\($0)" }
        let reports = try await producer.send(contentsOf: keys.enumerated().map { partition, key in
            KafkaProducerRecord(topic: prefix + "case-events", partition: Int32(partition), key: Array(key.utf8), value: caseEvent(key, 0))
        })
        await producer.shutdown()
        precondition(reports.allSatisfy(\.isDelivered))
        return keys
    }

    /// Waits until `role` has an output for each of `sentinels` (an output
    /// keyed like its input); false if they are not all out within a minute.
    func awaitOutputs(of sentinels: [String], in role: String) async throws -> Bool {
        let outputs = try await read(role, within: .seconds(60)) { records in
            sentinels.allSatisfy { sentinel in records.contains { $0.keyString == sentinel } }
        }
        return sentinels.allSatisfy { sentinel in outputs.contains { $0.keyString == sentinel } }
    }
}
