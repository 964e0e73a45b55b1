import ArgumentParser
import CRdkafkaBench
import Foundation
import HomewardContract
import HomewardProcessing
import HomewardRuntime
import HomewardScheduling
import HomewardSimulation
import Kafka
import Logging

/// `homeward bench scheduler`: a simulated population in aftercare through
/// the live scheduler on the embedded broker, against raw consumption of the
/// same records in the same run; memory per active case; restore time.
struct SchedulerBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "The scheduler over a population of cases vs raw consume (target ≥ 0.25), bytes of state per active case (target ≤ 512), restore time.",
        discussion: """
        Each case gets the events that put it in aftercare: case.opened, case.reunified, and for \
        some a risk-level assessment (60%) and an OTS court order (40%); openings are spread over \
        14 days of stream time, so visit reminders fire during the run. Memory per case is the \
        growth of this process's resident memory while the worker takes in the population \
        (measured after returning freed memory to the system, before and after; the embedded \
        broker runs as a child process, so its copy of the records is not counted), divided by \
        the cases the worker holds state for. The worker and the raw loop are both timed from \
        their first batch to their last record. With --rounds, each round runs on a fresh embedded \
        broker and the medians are reported. The report names the CPUs the process may use \
        (`taskset` limits them): the worker spreads partitions over them while the raw loop reads \
        on one thread, so the ratio grows with them.
        """
    )

    @Option(help: "Cases in the population.") var cases: Int = 1_000_000
    @Option(help: "Partitions of every topic (the embedded broker keeps at most 5 MiB per partition).") var partitions: Int32 = 256
    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).") var policies: String?
    @Option(help: "Seed of the population.") var seed: UInt64 = 7
    @Option(help: "Rounds, each on a fresh embedded broker; the medians are reported.") var rounds: Int = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    struct Report: Codable {
        var benchmark = "scheduler"
        var cases: Int
        var events: Int
        var partitions: Int32
        var rounds: Int
        /// The CPUs the run could use (see ``BenchOutput/usableCores``).
        var cores: Int
        var throughput: BenchComparison
        var ratio: Double
        var target: Double
        var bytesPerActiveCase: Double
        var bytesPerActiveCaseTarget: Double
        var activeCases: Int
        var remindersProduced: Int
        var restoreSeconds: Double
        var restoreKeysPerSecond: Double
        var changelogRecords: Int
    }

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be positive") }
        guard partitions > 0, rounds > 0 else { throw ValidationError("--partitions and --rounds must be positive") }
        // A case enters aftercare with about three events of about 400 bytes each on a partition.
        try BenchOutput.requireRoom(for: Double(cases) * 1_200, "the events of \(cases) cases", partitions: partitions)
    }

    /// What one round measured.
    private struct Round {
        var events: Int
        var raw: Double
        var rate: Double
        var grown: Int
        var activeCases: Int
        var restoreSeconds: Double
        var restoredKeys: Int
        var changelogRecords: Int
        var reminders: Int

        var bytesPerCase: Double { activeCases > 0 ? Double(grown) / Double(activeCases) : 0 }
    }

    func run() async throws {
        let policy = try PolicyDirectory(option: policies).schedulePolicy()
        let logger = CommandLogging.logger("homeward.bench", level: .error)
        var measured: [Round] = []
        for round in 1...rounds {
            let result = try await measureRound(round, policy: policy, logger: logger)
            printError(String(format: "bench scheduler: round %d of %d: %.3f of raw, %.0f bytes per case", round, rounds,
                              result.rate / result.raw, result.bytesPerCase))
            measured.append(result)
        }

        // Throughput: the medians of both rates, as `bench runtime` compares them.
        // Memory and restore: the round in the middle by that figure, whole.
        let throughput = BenchComparison(raw: measured.map(\.raw).median, swift: measured.map(\.rate).median, target: 0.25, unit: "events/s")
        let memory = measured.sorted { $0.bytesPerCase < $1.bytesPerCase }[measured.count / 2]
        let restored = measured.sorted { $0.restoreSeconds < $1.restoreSeconds }[measured.count / 2]
        let perCase = memory.bytesPerCase
        let report = Report(cases: cases, events: memory.events, partitions: partitions, rounds: rounds, cores: BenchOutput.usableCores,
                            throughput: throughput, ratio: throughput.ratio, target: 0.25, bytesPerActiveCase: perCase.rounded(),
                            bytesPerActiveCaseTarget: 512, activeCases: memory.activeCases, remindersProduced: memory.reminders,
                            restoreSeconds: restored.restoreSeconds,
                            restoreKeysPerSecond: (Double(restored.restoredKeys) / restored.restoreSeconds).rounded(),
                            changelogRecords: restored.changelogRecords)
        if json {
            try BenchOutput.printJSON(report)
        } else {
            let roundsNote = rounds > 1 ? " (medians of \(rounds) rounds)" : ""
            BenchOutput.printTable(title: "homeward bench scheduler: \(cases) cases, \(memory.events) events, \(partitions) partitions\(roundsNote)",
                                   rows: [("scheduler", throughput)])
            print("state per active case   \(Int(perCase)) bytes (\(memory.activeCases) cases, resident memory grew \(memory.grown / 1_048_576) MiB)  target ≤ 512 \(perCase <= 512 ? "met" : "NOT met")")
            print("restore                 \(String(format: "%.1f", restored.restoreSeconds)) s for \(restored.restoredKeys) cases (\(restored.changelogRecords) changelog records, \(BenchOutput.format(Double(restored.restoredKeys) / restored.restoreSeconds)) cases/s)")
            print("reminders produced      \(memory.reminders)")
            BenchOutput.printCores(report.cores)
        }
    }

    /// One round on a fresh embedded broker: the population produced, raw
    /// consume of it, the scheduler over it, then a restore of its changelog.
    private func measureRound(_ round: Int, policy: SchedulePolicy, logger: Logger) async throws -> Round {
        let prefix = "bench."
        let label = rounds > 1 ? "bench scheduler: round \(round) of \(rounds):" : "bench scheduler:"
        // In its own process: the broker's copy of every record must not count as the worker's memory.
        let broker = try BrokerProcess(topics: ([.caseEvents, .reminders, .scheduleState, .deadLetter] as [TopicRole]).map { "\($0.topic(prefix: prefix)):\(partitions)" })
        defer { broker.stop() }
        let client = KafkaClientConfiguration(brokers: broker.address, clientID: "homeward-bench")

        printError("\(label) producing the events of \(cases) cases…")
        let events = try await produce(client: client, topic: TopicRole.caseEvents.topic(prefix: prefix), logger: logger)

        let consumerProperties = KafkaConsumerConfiguration.benchmarkBaseline(client: client).librdkafkaProperties
        printError("\(label) raw consume of \(events) events…")
        let raw = try await RawBaseline.consumeRate(consumerProperties, topic: TopicRole.caseEvents.topic(prefix: prefix), partitions: partitions, count: events,
                                                timing: .fromFirstBatch)

        printError("\(label) the scheduler…")
        let baseline = Self.residentBytes()
        let progress = BenchProgress()
        var configuration = WorkerConfiguration(client: client, topicPrefix: prefix, groupID: "bench-scheduler", clock: .stream,
                                                sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1))
        configuration.fetchWait = KafkaConsumerConfiguration.benchmarkFetchWait
        configuration.metricsFactory = progress.counters
        let worker = KafkaWorker(logic: SchedulerWorker(policy: policy), configuration: configuration, logger: logger)
        let task = Task { try await worker.run() }
        let watchdog = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(10))
                printError("\(label) processed \(progress.processed) of \(events)")
            }
        }
        let rate = await progress.rate(until: events)
        watchdog.cancel()
        try await Task.sleep(for: .seconds(1))  // let the last effects settle
        let grown = max(0, Self.residentBytes() - baseline)
        let activeCases = worker.statefulKeys
        task.cancel()
        try await task.value
        try BenchProgress.requireTimed(rate, raise: "--cases")

        printError("\(label) restore of schedule-state…")
        let (restoreSeconds, restoredKeys, changelogRecords) = try restore(topic: TopicRole.scheduleState.topic(prefix: prefix), client: client, logger: logger)
        let reminders = try countRecords(topic: TopicRole.reminders.topic(prefix: prefix), client: client, logger: logger)
        return Round(events: events, raw: raw, rate: rate, grown: grown, activeCases: activeCases, restoreSeconds: restoreSeconds,
                     restoredKeys: restoredKeys, changelogRecords: changelogRecords, reminders: reminders)
    }

    /// Produces the population in chunks (never holding it all) and returns the event count.
    private func produce(client: KafkaClientConfiguration, topic: String, logger: Logger) async throws -> Int {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        var population = AftercarePopulation(cases: cases, seed: seed)
        var total = 0
        while let chunk = population.next(upTo: 50_000) {
            let records = chunk.map { KafkaProducerRecord(topic: topic, key: Array($0.caseId.utf8), value: $0.value) }
            guard try await producer.enqueue(records).failures().isEmpty else { throw ValidationError("producing the population failed") }
            total += records.count
        }
        await producer.shutdown()
        Self.returnFreedMemory()
        return total
    }

    /// Restores every partition of the changelog as a worker does on assignment.
    private func restore(topic: String, client: KafkaClientConfiguration, logger: Logger) throws -> (Double, Int, Int) {
        let started = ContinuousClock.now
        var restorers = [ChangelogRestorer<CaseSchedule>](repeating: ChangelogRestorer(), count: Int(partitions))
        let records = try KafkaPartitionReader.readToEnd(borrowing: (0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) },
                                                         configuration: client, logger: logger,
                                                         sizes: { sizes in for (partition, count) in sizes { restorers[Int(partition.partition)].reserveCapacity(count) } }) { partition, entry in
            try restorers[Int(partition.partition)].read(key: String(decoding: entry.key, as: UTF8.self), value: entry.value.map { Array($0) })
        }
        var keys = 0
        for index in restorers.indices {
            _ = try restorers[index].finish()
            keys += restorers[index].store.keyCount
        }
        return ((ContinuousClock.now - started).seconds, keys, records)
    }

    private func countRecords(topic: String, client: KafkaClientConfiguration, logger: Logger) throws -> Int {
        try KafkaPartitionReader.readToEnd(borrowing: (0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) },
                                           configuration: client, logger: logger) { _, _ in }
    }

    /// This process's resident memory, after returning freed memory to the system.
    static func residentBytes() -> Int {
        returnFreedMemory()
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1_024
    }

    static func returnFreedMemory() { homeward_return_freed_memory() }
}
