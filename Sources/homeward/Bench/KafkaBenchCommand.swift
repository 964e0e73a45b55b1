import ArgumentParser
import CRdkafkaBench
import Foundation
import Kafka
import Logging

/// `homeward bench kafka`: the Swift Kafka layer against a tight loop over
/// librdkafka's C API, producing and consuming the same records on the
/// embedded broker in the same run.
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce and consume through the Swift layer and through raw librdkafka; print records/s and the ratio (target ≥ 0.9)."
    )

    @Option(help: "Records per phase.") var records: Int = 1_000_000
    @Option(help: "Value size in bytes.") var size: Int = 200
    @Option(help: "Partitions of the benchmark topics (the embedded broker keeps about 5 MiB per partition).")
    var partitions: Int32 = 64
    @Option(help: "Records per consumed batch.") var batchSize: Int = 1_000
    @Option(help: "Rounds; each runs raw and Swift, alternating which goes first, each on a fresh broker; the medians count.")
    var rounds: Int = 3
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    static let target = 0.9

    struct Report: Codable {
        var benchmark = "kafka"
        var records: Int
        var size: Int
        var partitions: Int32
        var produce: BenchComparison
        var consume: BenchComparison
        var ratio: Double
        var target: Double
    }

    func validate() throws {
        guard records > 0, size >= 0, partitions > 0, batchSize > 0, rounds > 0 else {
            throw ValidationError("--records, --partitions, --batch-size and --rounds must be positive, --size not negative")
        }
        try BenchOutput.requireRoom(for: Double(records) * Double(size + 70), "\(records) records of \(size) B", partitions: partitions)
    }

    func run() async throws {
        let logger = CommandLogging.logger("homeward.bench", level: .warning)
        let (records, size, partitions, batchSize) = (self.records, self.size, self.partitions, self.batchSize)

        // Same keys and value for both producers, built before timing.
        let keyLength = 12
        var keyBuffer = [UInt8](repeating: 0, count: records * keyLength)
        for i in 0..<records {
            let key = Array(String(format: "case-%07d", i % 10_000_000).utf8)
            keyBuffer.replaceSubrange(i * keyLength..<(i * keyLength + keyLength), with: key)
        }
        let keyBytes = keyBuffer
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let topic = "bench.records"

        func producerConfiguration(_ broker: EmbeddedBroker) -> KafkaProducerConfiguration {
            KafkaProducerConfiguration(client: KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-bench"))
        }
        func rawProduce(_ broker: EmbeddedBroker) async throws -> Double {
            let raw = try await RawBaseline.run(producerConfiguration(broker).librdkafkaProperties) { props, n in
                keyBytes.withUnsafeBufferPointer { keys in
                    keys.withMemoryRebound(to: CChar.self) { keys in
                        homeward_bench_raw_produce(props, n, topic, Int64(records), keys.baseAddress, keyLength, keyLength, size)
                    }
                }
            }
            guard raw.records == records else { throw ValidationError("raw producer delivered \(raw.records) of \(records)") }
            return Double(raw.records) / raw.seconds
        }
        /// A fresh embedded broker per phase: the mock cluster slows down as it fills.
        func freshBroker() throws -> EmbeddedBroker {
            let broker = try EmbeddedBroker(logger: logger)
            try broker.createTopic(topic, partitions: partitions)
            return broker
        }

        var rawProduceRates: [Double] = [], swiftProduceRates: [Double] = []
        var rawConsumeRates: [Double] = [], swiftConsumeRates: [Double] = []
        let swiftRecords = (0..<records).map { i in
            KafkaProducerRecord(topic: topic, key: Array(keyBytes[i * keyLength..<(i + 1) * keyLength]), value: value)
        }
        for round in 0..<rounds {
            for rawSide in round % 2 == 0 ? [true, false] : [false, true] {
                let broker = try freshBroker()
                if rawSide {
                    rawProduceRates.append(try await rawProduce(broker))
                } else {
                    swiftProduceRates.append(try await produceWithSwift(swiftRecords, configuration: producerConfiguration(broker), logger: logger))
                }
                broker.shutdown()
            }
        }

        let consumeBroker = try freshBroker()
        _ = try await rawProduce(consumeBroker)
        var consumerConfiguration = KafkaConsumerConfiguration(
            client: KafkaClientConfiguration(brokers: consumeBroker.bootstrapServers, clientID: "homeward-bench"),
            groupID: nil, autoCommitInterval: nil, maxBatchSize: batchSize,
            prefetchRecords: 1_000_000, prefetchKilobytes: 2_000_000)
        consumerConfiguration.client.properties["fetch.wait.max.ms"] = "100"
        for round in 0..<rounds {
            for rawSide in round % 2 == 0 ? [true, false] : [false, true] {
                if rawSide {
                    rawConsumeRates.append(try await RawBaseline.consumeRate(
                        consumerConfiguration.librdkafkaProperties, topic: topic, partitions: partitions, count: records, batchSize: batchSize))
                } else {
                    swiftConsumeRates.append(try await consumeWithSwift(topic: topic, configuration: consumerConfiguration, logger: logger))
                }
            }
        }
        consumeBroker.shutdown()

        let produce = BenchComparison(raw: rawProduceRates.median, swift: swiftProduceRates.median, target: Self.target)
        let consume = BenchComparison(raw: rawConsumeRates.median, swift: swiftConsumeRates.median, target: Self.target)
        FileHandle.standardError.write(Data("rounds: produce raw \(rawProduceRates.map(Int.init)) swift \(swiftProduceRates.map(Int.init)); consume raw \(rawConsumeRates.map(Int.init)) swift \(swiftConsumeRates.map(Int.init))\n".utf8))
        let report = Report(records: records, size: size, partitions: partitions, produce: produce, consume: consume,
                            ratio: min(produce.ratio, consume.ratio), target: Self.target)
        if json {
            try BenchOutput.printJSON(report)
        } else {
            BenchOutput.printTable(
                title: "homeward bench kafka: \(records) records × \(size) B, \(partitions) partitions, embedded broker",
                rows: [("produce", produce), ("consume", consume)])
        }
    }

    private func produceWithSwift(_ records: [KafkaProducerRecord], configuration: KafkaProducerConfiguration, logger: Logger) async throws -> Double {
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let chunk = 10_000
        let start = ContinuousClock.now
        var pending: [KafkaPendingDeliveries] = []
        var index = 0
        while index < records.count {
            let end = min(index + chunk, records.count)
            pending.append(try await producer.enqueue(records[index..<end]))
            index = end
        }
        var delivered = records.count
        for batch in pending {
            delivered -= await batch.failures().count
        }
        let elapsed = ContinuousClock.now - start
        await producer.shutdown()
        guard delivered == records.count else {
            throw ValidationError("Swift producer delivered \(delivered) of \(records.count) records")
        }
        return Double(delivered) / elapsed.seconds
    }

    private func consumeWithSwift(topic: String, configuration: KafkaConsumerConfiguration, logger: Logger) async throws -> Double {
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let start = ContinuousClock.now
        let all = (0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) }
        try consumer.assign(all, offsets: Dictionary(uniqueKeysWithValues: all.map { ($0, KafkaOffset.beginning) }))
        var count = 0
        var bytes = 0
        for try await batch in consumer.batches {
            for record in batch {
                bytes += record.valueLength
            }
            count += batch.count
            if count >= records { break }
        }
        let elapsed = ContinuousClock.now - start
        await consumer.close()
        guard count >= records, bytes >= 0 else {
            throw ValidationError("Swift consumer read \(count) of \(records) records")
        }
        return Double(count) / elapsed.seconds
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
