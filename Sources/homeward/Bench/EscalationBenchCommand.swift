import ArgumentParser
import Foundation
import HomewardContract
import HomewardEscalation
import HomewardRuntime
import Kafka
import Logging
import Synchronization

/// `homeward bench escalation`: risk signals produced at a steady rate; the
/// latency from producing a signal to its escalation event being readable on
/// `escalations`, as an HdrHistogram.
struct EscalationBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalation",
        abstract: "Latency from a produced risk signal to its escalation on `escalations` (target p99 ≤ 50 ms at 1,000 signals/s).",
        discussion: """
        The escalator runs in this process with the wall clock; the embedded broker runs as a child \
        process. Cases are opened first; then signals of severity 2 to 4 go to case-events at a steady \
        rate, each to a random case, and every one leads to an escalation event (raised, \
        level-raised or evidence-added). Latency is measured from each signal's intended send time \
        (so a stalled producer does not hide delay) to the moment a consumer of `escalations` \
        reads the escalation that cites it.
        """
    )

    @Option(help: "Signals per second.") var rate: Int = 1_000
    @Option(help: "Seconds of signals.") var seconds: Int = 30
    @Option(help: "Cases the signals are spread over.") var cases: Int = 20_000
    @Option(help: "Partitions of every topic.") var partitions: Int32 = 8
    @Option(help: "fetch.wait.max.ms of the escalator's and the reader's consumers (the embedded broker holds a fetch this long even when records arrive).")
    var fetchWaitMs: Int = 10
    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).") var policies: String?
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    struct Report: Codable {
        var benchmark = "escalation"
        var rate: Int
        var fetchWaitMs: Int
        var seconds: Int
        var signals: Int
        var escalationsRead: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var p999Milliseconds: Double
        var maxMilliseconds: Double
        var ratio: Double
        var target: Double
    }

    func validate() throws {
        guard rate > 0, seconds > 0, cases > 0, partitions > 0 else { throw ValidationError("--rate, --seconds, --cases and --partitions must be positive") }
    }

    func run() async throws {
        let policy = try PolicyDirectory(option: policies).escalationPolicy()
        let logger = CommandLogging.logger("homeward.bench", level: .error)
        let prefix = "bench."
        let broker = try BrokerProcess(topics: ([.caseEvents, .reminders, .escalations, .escalationState, .escalationStatus, .deadLetter] as [TopicRole]).map {
            "\($0.topic(prefix: prefix)):\(partitions)"
        })
        defer { broker.stop() }
        let client = KafkaClientConfiguration(brokers: broker.address, clientID: "homeward-bench")
        var producerConfiguration = KafkaProducerConfiguration(client: client)
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)

        printError("bench escalation: opening \(cases) cases…")
        let start = Timestamp.now
        let openings = (0..<cases).map { number in
            KafkaProducerRecord(topic: TopicRole.caseEvents.topic(prefix: prefix), key: Array(Self.caseId(number).utf8), value: Self.opened(number, at: start))
        }
        guard try await producer.enqueue(openings).failures().isEmpty else { throw ValidationError("opening the cases failed") }

        // The escalator, wall clock, low linger on its outputs.
        // The embedded broker answers a fetch only when its wait ends, where a
        // real broker answers as soon as records arrive: wait at most 10 ms.
        var configuration = WorkerConfiguration(client: client, topicPrefix: prefix, groupID: "bench-escalator", clock: .wall,
                                                sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1))
        configuration.outputLinger = .milliseconds(1)
        configuration.fetchWait = .milliseconds(fetchWaitMs)
        let worker = KafkaWorker(logic: EscalatorWorker(policy: policy), configuration: configuration, logger: logger)
        let workerTask = Task { try await worker.run() }

        // The reader of escalations: matches each escalation to the signal it cites last.
        let sent = Mutex<[String: ContinuousClock.Instant]>([:])
        let histogram = Mutex(LatencyHistogram())
        let read = Atomic<Int>(0)
        var readerConfiguration = KafkaConsumerConfiguration(client: client)
        readerConfiguration.fetchWait = .milliseconds(fetchWaitMs)
        let reader = try KafkaConsumer(configuration: readerConfiguration, logger: logger)
        try reader.assign((0..<partitions).map { KafkaTopicPartition(topic: TopicRole.escalations.topic(prefix: prefix), partition: $0) })
        let readerTask = Task {
            for try await batch in reader.batches {
                let now = ContinuousClock.now
                for record in batch {
                    guard let escalation = record.withUnsafeValue({ try? Escalation(decoding: $0) }),
                          let cited = escalation.evidence.last,
                          let sentAt = sent.withLock({ $0.removeValue(forKey: cited) }) else { continue }
                    histogram.withLock { $0.record(now - sentAt) }
                    read.add(1, ordering: .relaxed)
                }
                if Task.isCancelled { break }
            }
        }

        // Wait until the escalator owns its partitions and has taken in the openings.
        guard try await BenchWait.until(within: .seconds(120), { worker.ownedPartitions.count >= Int(partitions) && worker.statefulKeys >= cases }) else {
            throw ValidationError("the escalator did not start within 120 s")
        }
        try await Task.sleep(for: .seconds(1))

        printError("bench escalation: \(rate) signals/s for \(seconds) s…")
        let total = rate * seconds
        let schedule = SteadySchedule(rate: rate)
        var random = SystemRandomNumberGenerator()
        var pending: [KafkaPendingDeliveries] = []
        for index in 0..<total {
            let intended = try await schedule.waitFor(index)
            let caseNumber = Int.random(in: 0..<cases, using: &random)
            let signalId = "sig-\(index)"
            sent.withLock { $0[signalId] = intended }
            let record = KafkaProducerRecord(topic: TopicRole.caseEvents.topic(prefix: prefix), key: Array(Self.caseId(caseNumber).utf8),
                                             value: Self.signal(signalId, case: caseNumber, severity: Int.random(in: 2...4, using: &random)))
            pending.append(try await producer.enqueue([record]))
            if pending.count >= 1_000 { pending.removeFirst(500) }
        }
        // Let the last escalations arrive.
        _ = try await BenchWait.until(within: .seconds(30)) { read.load(ordering: .relaxed) >= total }
        readerTask.cancel()
        workerTask.cancel()
        try? await workerTask.value
        await reader.close()
        await producer.shutdown()

        let result = histogram.withLock { $0 }
        let p99 = result.milliseconds(atPercentile: 99)
        let report = Report(rate: rate, fetchWaitMs: fetchWaitMs, seconds: seconds, signals: total, escalationsRead: read.load(ordering: .relaxed),
                            p50Milliseconds: result.milliseconds(atPercentile: 50), p99Milliseconds: p99,
                            p999Milliseconds: result.milliseconds(atPercentile: 99.9), maxMilliseconds: result.maxMilliseconds,
                            ratio: p99 / 50, target: 1)
        guard report.escalationsRead == total else {
            throw ValidationError("only \(report.escalationsRead) of \(total) signals led to a readable escalation within 30 s of the last")
        }
        if json {
            try BenchOutput.printJSON(report)
        } else {
            print("homeward bench escalation: \(total) signals at \(rate)/s over \(cases) cases, \(partitions) partitions, fetch.wait.max.ms \(fetchWaitMs)")
            print("latency produce → readable on escalations (HdrHistogram, ms):")
            print(String(format: "  p50 %.1f   p99 %.1f   p99.9 %.1f   max %.1f", report.p50Milliseconds, p99, report.p999Milliseconds, report.maxMilliseconds))
            print(String(format: "  target p99 ≤ 50 ms: %@", p99 <= 50 ? "met" : "NOT met"))
        }
    }

    static func caseId(_ number: Int) -> String { "case-" + String(number) }

    static func opened(_ number: Int, at time: Timestamp) -> [UInt8] {
        JSONObjectWriter.cloudEvent(id: "open-\(number)", source: "/bench/escalation", type: "org.homeward.case.opened.v1",
                                    time: time, subject: caseId(number)) { data in
            data.member("caseworkerId", "cw-\(number % 400)")
            data.member("teamId", "team-\(number % 7)")
            data.member("language", "nl")
            data.object("placement") { placement in
                placement.member("type", "foster")
                placement.member("since", time.adding(days: -200).rfc3339)
            }
        }
    }

    static func signal(_ id: String, case number: Int, severity: Int) -> [UInt8] {
        let now = Timestamp.now
        return JSONObjectWriter.cloudEvent(id: "evt-\(id)", source: "/bench/escalation", type: "org.homeward.risk.signal-reported.v1",
                                           time: now, subject: caseId(number)) { data in
            data.member("signalId", id)
            data.member("category", "neglect")
            data.member("severity", severity)
            data.member("source", "school")
            data.member("observedAt", now.rfc3339)
        }
    }
}
