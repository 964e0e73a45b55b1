import ArgumentParser
import Foundation
import HomewardContract
import HomewardEscalation
import HomewardNotification
import HomewardRuntime
import Kafka

/// `homeward bench alert`: emergency risk signals produced at a steady
/// rate through the escalator, the notifier fan-out and notifier delivery
/// to an SMTP server; the latency from producing a signal to the server
/// accepting the last of its e-mails, as an HdrHistogram.
struct AlertBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "Latency from a produced emergency signal to the SMTP server accepting its e-mails (target p99 ≤ 150 ms).",
        discussion: """
        Everything runs in this process on 127.0.0.1, on the wall clock: an embedded broker, the \
        escalator, the notifier's fan-out and delivery (sending through Homeward's SMTP client, 8 \
        sessions) and a sink SMTP server that notes when it replies to each message's final dot. \
        Cases are opened and reunified first, with caseworkers and teams from the staff directory; \
        then one signal of severity 4 (an emergency) per case goes to case-events at a steady rate. \
        An emergency tells several people (the policy's caseworker, supervisor and on-call: one \
        e-mail each), so a signal's latency runs from its intended send time to the acceptance of \
        the LAST of its e-mails. The first \(warmUpSeconds) s of signals warm up and are not counted. \
        A signal whose e-mails are not all accepted within 30 s of the last signal fails the bench.
        """
    )

    @Option(help: "Emergency signals per second.") var rate: Int = 100
    @Option(help: "Seconds of signals measured (after the warm-up).") var seconds: Int = 30
    @Option(help: "Partitions of every topic.") var partitions: Int32 = 8
    @Option(help: "fetch.wait.max.ms of the workers' consumers (the embedded broker holds a fetch this long even when records arrive).")
    var fetchWaitMs: Int = 10
    @Option(help: "The delivery worker's state flush interval in milliseconds (an e-mail goes out once the state recording its start is flushed; the other workers' outputs do not wait for theirs, which stays at 200).")
    var stateFlushMs: Int = 200
    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).") var policies: String?
    @OptionGroup(title: "Notifier") var notifier: NotifierSettings
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    /// Seconds of signals sent before the measured ones, not counted.
    static let warmUpSeconds = 2
    /// The target: p99 at most this many milliseconds.
    static let targetMilliseconds = 150.0
    /// SMTP sessions of the delivery worker, and e-mails on their way at once.
    static let smtpSessions = 8

    struct Report: Codable {
        var benchmark = "alert"
        var rate: Int
        var seconds: Int
        var fetchWaitMs: Int
        var stateFlushMs: Int
        /// Signals measured.
        var count: Int
        /// Their e-mails, all accepted.
        var emails: Int
        var p50Milliseconds: Double
        var p90Milliseconds: Double
        var p99Milliseconds: Double
        var p999Milliseconds: Double
        var maxMilliseconds: Double
        /// The most p99 may be, in milliseconds.
        var target: Double
        var met: Bool

        init(_ result: AlertLatencies, rate: Int, seconds: Int, fetchWaitMs: Int, stateFlushMs: Int) {
            let latencies = result.histogram
            self.rate = rate
            self.seconds = seconds
            self.fetchWaitMs = fetchWaitMs
            self.stateFlushMs = stateFlushMs
            count = latencies.count
            emails = result.emailsAccepted
            p50Milliseconds = latencies.milliseconds(atPercentile: 50)
            p90Milliseconds = latencies.milliseconds(atPercentile: 90)
            p99Milliseconds = latencies.milliseconds(atPercentile: 99)
            p999Milliseconds = latencies.milliseconds(atPercentile: 99.9)
            maxMilliseconds = latencies.maxMilliseconds
            target = AlertBenchCommand.targetMilliseconds
            met = p99Milliseconds <= target
        }
    }

    func validate() throws {
        guard rate > 0, seconds > 0, partitions > 0 else { throw ValidationError("--rate, --seconds and --partitions must be positive") }
        guard (0...1_000).contains(fetchWaitMs), (0...60_000).contains(stateFlushMs) else {
            throw ValidationError("--fetch-wait-ms must be 0…1000 and --state-flush-ms 0…60000")
        }
        // A case's opening, reunification and signal take about 1.2 KB on a partition.
        try BenchOutput.requireRoom(for: Double(rate * (seconds + Self.warmUpSeconds)) * 1_200,
                                    "the events of \(rate * (seconds + Self.warmUpSeconds)) cases", partitions: partitions)
    }

    func run() async throws {
        let policyDirectory = PolicyDirectory(option: policies)
        let escalationPolicy = try policyDirectory.escalationPolicy()
        let (fanOut, delivery, sender) = try notifier.load(policies: policyDirectory)
        let logger = CommandLogging.logger("homeward.bench", level: .error)
        let catalog = TopicCatalog(prefix: "bench-alert.\(UUID().uuidString.prefix(8).lowercased()).")
        let cases = try EmergencyCases(directory: fanOut.directory, emergencyRoles: escalationPolicy.response(to: .emergency).notify,
                                       topic: catalog.name(.caseEvents))
        let total = rate * (Self.warmUpSeconds + seconds)

        let broker = try EmbeddedBroker(logger: logger)
        defer { broker.shutdown() }
        try await broker.createTopics(catalog.allNames.map { KafkaTopicSpec(name: $0, partitions: partitions) })
        let client = KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-bench")
        let sink = try await SMTPSinkServer.start()
        var producerConfiguration = KafkaProducerConfiguration(client: client)
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)

        printError("bench alert: opening \(total) cases…")
        let opened = Timestamp.now
        let histories = try (0..<total).flatMap { try cases.history(of: $0, at: opened) }
        guard try await producer.enqueue(histories).failures().isEmpty else { throw CommandFailure("producing the cases' history to the embedded broker failed") }

        let pipeline = try AlertPipeline(escalation: EscalatorWorker(policy: escalationPolicy), fanOut: fanOut, delivery: delivery, sender: sender,
                                         smtpPort: sink.port, smtpSessions: Self.smtpSessions,
                                         configuration: workerConfiguration(client, prefix: catalog.prefix),
                                         deliveryStateFlush: .milliseconds(stateFlushMs), logger: logger)
        let reader = try NotificationCaseReader(client: client, topic: catalog.name(.notifications), partitions: partitions, logger: logger)
        let sent = try await pipeline.run(logger: logger) { stopped in
            let ready = try await BenchWait.until(within: .seconds(120)) { stopped() || pipeline.isReady(partitions: partitions, cases: total) }
            guard ready, !stopped() else {
                throw CommandFailure("the workers did not start within 120 s (\(pipeline.readiness(partitions: partitions, cases: total)))")
            }
            let sent = try await sendSignals(cases, producer: producer)
            printError("bench alert: waiting for the last e-mails…")
            _ = try await BenchWait.until(within: .seconds(30)) { sink.log.count >= sent.emails && reader.count >= sent.emails }
            return sent
        }
        await reader.close()
        var unproduced = 0
        for pending in sent.deliveries { unproduced += await pending.failures().count }
        await producer.shutdown()
        await sink.stop()
        guard unproduced == 0 else { throw CommandFailure("\(unproduced) of \(total) signals could not be produced to the embedded broker") }

        let result = AlertLatencies(signals: sent.measured, accepted: sink.log.all, caseOfNotification: reader.caseOfNotification)
        guard result.incomplete == 0 else {
            throw CommandFailure("\(result.incomplete) of \(sent.measured.count) signals did not have all their e-mails accepted within 30 s of the last signal (\(result.emailsAccepted) of \(result.emailsExpected) e-mails accepted)")
        }
        let report = Report(result, rate: rate, seconds: seconds, fetchWaitMs: fetchWaitMs, stateFlushMs: stateFlushMs)
        if json {
            try BenchOutput.printJSON(report)
        } else {
            printTable(report)
        }
    }

    /// The signals sent: those measured, by case; the e-mails all of them
    /// (the warm-up's too) must lead to; their deliveries to the broker.
    private struct Sent {
        var measured: [Identifier: AlertLatencies.Signal] = [:]
        var emails = 0
        var deliveries: [KafkaPendingDeliveries] = []
    }

    /// One emergency signal per case, at `rate` a second on a steady
    /// schedule: the warm-up's, then the measured ones.
    private func sendSignals(_ cases: EmergencyCases, producer: KafkaProducer) async throws -> Sent {
        printError("bench alert: \(rate) emergency signals/s, \(Self.warmUpSeconds) s of warm-up then \(seconds) s measured…")
        let warmUp = rate * Self.warmUpSeconds
        var sent = Sent()
        let schedule = SteadySchedule(rate: rate)
        for number in 0..<(warmUp + rate * seconds) {
            let intended = try await schedule.waitFor(number)
            let now = Timestamp.now
            let emails = try cases.recipients(of: number, at: now)
            sent.emails += emails
            if number >= warmUp { sent.measured[EmergencyCases.caseId(number)] = AlertLatencies.Signal(sentAt: intended, emails: emails) }
            sent.deliveries.append(try await producer.enqueue([try cases.emergencySignal(of: number, at: now)]))
        }
        return sent
    }

    /// The workers' settings: wall clock, the embedded broker's quick
    /// group joins (as in tests), short fetch waits and output lingers.
    private func workerConfiguration(_ client: KafkaClientConfiguration, prefix: String) -> WorkerConfiguration {
        var configuration = WorkerConfiguration(client: client, topicPrefix: prefix, clock: .wall,
                                                sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1))
        configuration.fetchWait = .milliseconds(fetchWaitMs)
        configuration.outputLinger = .milliseconds(1)
        return configuration
    }

    private func printTable(_ report: Report) {
        print("homeward bench alert: \(report.count) emergency signals at \(rate)/s after \(Self.warmUpSeconds) s of warm-up, \(partitions) partitions, fetch.wait.max.ms \(fetchWaitMs), state flush \(stateFlushMs) ms")
        print("latency from producing a signal to the SMTP server accepting the LAST of its e-mails (\(report.emails) e-mails: one per person told; HdrHistogram, ms):")
        print(String(format: "  p50 %.1f   p90 %.1f   p99 %.1f   p99.9 %.1f   max %.1f", report.p50Milliseconds, report.p90Milliseconds,
                     report.p99Milliseconds, report.p999Milliseconds, report.maxMilliseconds))
        print(String(format: "  target p99 ≤ %.0f ms: %@", report.target, report.met ? "met" : "NOT met"))
    }
}
