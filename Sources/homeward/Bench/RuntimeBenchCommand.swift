import ArgumentParser
import Foundation
import HomewardContract
import HomewardProcessing
import HomewardRuntime
import HomewardSimulation
import Kafka
import Logging

/// `homeward bench runtime`: the pass-through worker against the raw consume
/// loop over the same records, and state restore against raw consumption of
/// the same changelog, on the embedded broker, in the same run.
struct RuntimeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Pass-through worker vs raw consume (target ≥ 0.25) and changelog restore vs raw consume (target ≥ 0.5).",
        discussion: """
        The worker and the raw loop it is compared with are both timed from the arrival of their \
        first batch to their last record (for the worker: done, its effects acknowledged and its \
        offset marked), counting the records after that batch, and both fetch with a 10 ms broker \
        wait; a restore and the raw loop it is compared with are both timed from the start, \
        connecting included. The report names the CPUs the process may use (`taskset` limits \
        them): the worker spreads partitions over them while the raw loop reads on one thread, so \
        the ratio grows with them.
        """
    )

    @Option(help: "Input records for the pass-through worker.") var records: Int = 500_000
    @Option(help: "Keys in the changelog to restore.") var keys: Int = 1_000_000
    @Option(help: "Partitions of every topic (the embedded broker keeps about 5 MiB per partition).") var partitions: Int32 = 64
    @Option(help: "Rounds, each on a fresh embedded broker; the medians are compared.") var rounds: Int = 3
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    struct Report: Codable {
        var benchmark = "runtime"
        var records: Int
        var keys: Int
        var partitions: Int32
        var rounds: Int
        /// The CPUs the run could use (see ``BenchOutput/usableCores``).
        var cores: Int
        var passThrough: BenchComparison
        var restore: BenchComparison
    }

    func validate() throws {
        guard records > 0, keys > 0, partitions > 0, rounds > 0 else { throw ValidationError("--records, --keys, --partitions and --rounds must be positive") }
        // A simulated case event takes about 400 bytes on a partition, a changelog record about 60.
        try BenchOutput.requireRoom(for: Double(max(records * 400, keys * 60)), "\(records) records and \(keys) keys", partitions: partitions)
    }

    func run() async throws {
        let logger = CommandLogging.logger("homeward.bench", level: .error)
        let prefix = "bench."
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var inputs: [KafkaProducerRecord] = []
        inputs.reserveCapacity(records)
        let simulator = CaseHistorySimulator(settings: SimulationSettings(cases: max(1_000, records / 40), months: 24, seed: 3))
        for event in simulator.events() where inputs.count < records {
            inputs.append(KafkaProducerRecord(topic: TopicRole.caseEvents.topic(prefix: prefix), key: Array(event.subject.rawValue.utf8),
                                              value: Array(try encoder.encode(event))))
        }

        // The changelog to restore: one PassThrough state per key.
        var state: [KafkaProducerRecord] = []
        state.reserveCapacity(keys)
        for key in 0..<keys {
            var writer = BinaryWriter()
            writer.write("evt-\(key)")
            writer.write(key % 17)
            var reader = BinaryReader(writer.bytes)
            let record = KeyRecord<PassThroughWorker.Seen>(state: try PassThroughWorker.Seen(from: &reader))
            let name = "case-\(key)"
            state.append(KafkaProducerRecord(topic: prefix + "restore-state",
                                             partition: Int32(KafkaKeyPartitioner.partition(of: name, partitions: Int(partitions))),
                                             key: Array(name.utf8), value: record.encoded()))
        }

        // Each round on a fresh broker (the embedded broker slows down as it fills).
        var rawInput: [Double] = [], passThrough: [Double] = [], rawChangelog: [Double] = [], restoreRate: [Double] = []
        for round in 1...rounds {
            let broker = try EmbeddedBroker(logger: logger)
            defer { broker.shutdown() }
            try await broker.createTopics(([.caseEvents, PassThroughWorker.outputRole, PassThroughWorker().stateRole, .deadLetter, "restore-state"] as [TopicRole]).map {
                KafkaTopicSpec(name: $0.topic(prefix: prefix), partitions: partitions)
            })
            let client = KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-bench")
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
            guard try await producer.enqueue(inputs).failures().isEmpty else { throw ValidationError("producing the inputs failed") }
            guard try await producer.enqueue(state).failures().isEmpty else { throw ValidationError("producing the changelog failed") }
            await producer.shutdown()
            let consumerProperties = KafkaConsumerConfiguration.benchmarkBaseline(client: client).librdkafkaProperties

            printError("bench runtime: round \(round) of \(rounds): raw consume of the inputs…")
            // Raw consume of the inputs, then the pass-through worker over them.
            rawInput.append(try await RawBaseline.consumeRate(consumerProperties, topic: TopicRole.caseEvents.topic(prefix: prefix), partitions: partitions, count: records,
                                                              timing: .fromFirstBatch))
            printError("bench runtime: round \(round) of \(rounds): pass-through worker…")
            passThrough.append(try await runPassThrough(client: client, prefix: prefix, logger: logger))

            printError("bench runtime: round \(round) of \(rounds): raw consume of the changelog…")
            // Raw consume of the changelog, then a restore of every partition.
            rawChangelog.append(try await RawBaseline.consumeRate(consumerProperties, topic: prefix + "restore-state", partitions: partitions, count: keys))
            printError("bench runtime: round \(round) of \(rounds): restore…")
            restoreRate.append(try await restore(topic: prefix + "restore-state", client: client, logger: logger))
            printError(String(format: "bench runtime: round %d: pass-through %.2f, restore %.2f", round,
                              passThrough[round - 1] / rawInput[round - 1], restoreRate[round - 1] / rawChangelog[round - 1]))
        }

        let passComparison = BenchComparison(raw: rawInput.median, swift: passThrough.median, target: 0.25)
        let restoreComparison = BenchComparison(raw: rawChangelog.median, swift: restoreRate.median, target: 0.5)
        let report = Report(records: records, keys: keys, partitions: partitions, rounds: rounds, cores: BenchOutput.usableCores,
                            passThrough: passComparison, restore: restoreComparison)
        if json {
            try BenchOutput.printJSON(report)
        } else {
            BenchOutput.printTable(
                title: "homeward bench runtime: \(records) events through the pass-through worker, \(keys) keys restored, \(partitions) partitions (medians of \(rounds) rounds)",
                rows: [("pass-through", passComparison), ("restore", restoreComparison)])
            BenchOutput.printCores(report.cores)
        }
    }

    private func runPassThrough(client: KafkaClientConfiguration, prefix: String, logger: Logger) async throws -> Double {
        let progress = BenchProgress()
        let total = records
        var configuration = WorkerConfiguration(client: client, topicPrefix: prefix, groupID: "bench-passthrough", clock: .stream,
                                                sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1))
        configuration.fetchWait = KafkaConsumerConfiguration.benchmarkFetchWait
        configuration.metricsFactory = progress.counters
        printError("bench runtime: \(total) inputs")
        let worker = KafkaWorker(logic: PassThroughWorker(), configuration: configuration, logger: logger)
        let task = Task { try await worker.run() }
        let watchdog = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(10))
                printError("bench runtime: pass-through processed \(progress.processed) of \(total)")
            }
        }
        defer { watchdog.cancel() }
        let rate = await progress.rate(until: total)
        task.cancel()
        try await task.value
        try BenchProgress.requireTimed(rate, raise: "--records")
        return rate
    }

    private func restore(topic: String, client: KafkaClientConfiguration, logger: Logger) async throws -> Double {
        let partitions = self.partitions
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<(Int, Duration), any Error>, Never>) in
            let thread = Thread {
                do {
                    let started = ContinuousClock.now
                    var stores = [PartitionStore<PassThroughWorker.Seen>](repeating: PartitionStore(), count: Int(partitions))
                    _ = try KafkaPartitionReader.readToEnd(borrowing: (0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) },
                                                           configuration: client, logger: logger,
                                                           sizes: { sizes in for (partition, count) in sizes { stores[Int(partition.partition)].reserveCapacity(count) } }) { partition, entry in
                        stores[Int(partition.partition)].restore(key: String(decoding: entry.key, as: UTF8.self), value: entry.value.map { Array($0) })
                    }
                    var restored = 0
                    for index in stores.indices {
                        try stores[index].finishRestore()
                        restored += stores[index].keyCount
                    }
                    continuation.resume(returning: .success((restored, ContinuousClock.now - started)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        let (restored, elapsed) = try outcome.get()
        guard restored == keys else { throw ValidationError("restored \(restored) of \(keys) keys") }
        return Double(restored) / elapsed.seconds
    }
}

/// Times a worker as the raw loop is timed: from the moment its first
/// batch reaches the rules (the group join before it is not the runtime's
/// cost) to the moment its last record is done (effects acknowledged,
/// offsets marked), counting the records after that first batch. It reads
/// the worker's counters: pass ``counters`` as the worker's metrics factory.
struct BenchProgress {
    /// The worker's counters.
    let counters = WorkerProgress()

    /// Input records done so far.
    var processed: Int { counters.count(WorkerMetricLabel.recordsMarked) }

    /// Fails when a worker's rate is zero: every record reached it in its
    /// first batch, which the timing leaves out, so the run was too small to
    /// time. `option` is the one to raise.
    static func requireTimed(_ rate: Double, raise option: String) throws {
        guard rate > 0 else {
            throw ValidationError("every record reached the worker in its first batch, which the timing leaves out: too few to time; raise \(option)")
        }
    }

    /// Waits until `target` records are done and returns their rate.
    func rate(until target: Int) async -> Double {
        guard let done = await counters.reached(WorkerMetricLabel.recordsMarked, target),
              let first = counters.first(WorkerMetricLabel.recordsIn) else { return 0 }
        return Double(processed - first.amount) / (done - first.at).seconds
    }
}
