import ArgumentParser
import Foundation
import HomewardContract
import HomewardEscalation
import HomewardRuntime
import HomewardScheduling
import HomewardSimulation
import Kafka
import Logging
import SMTP
import ServiceLifecycle
import HomewardOperations

/// `homeward dev`: the whole pipeline in one process on an embedded broker.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run everything in one process: an embedded broker with Homeward's topics, the scheduler, the escalator and the notifier.",
        discussion: """
        Prints the embedded broker's bootstrap address first, so kcat or any Kafka client can join. \
        E-mails are written as .eml files into var/outbox unless --smtp names a mail server. \
        With --simulate, a simulated population is produced and processed on stream time (a year in seconds), \
        then a summary is printed; --stay keeps the workers running afterwards, on wall time, until Ctrl-C. \
        Without --simulate, the workers wait on wall time for events from any producer (homeward produce, kcat, another service).
        """
    )

    @Option(help: "Simulate this many cases and process their history on stream time.")
    var simulate: Int?

    @Option(help: "Months of simulated history.")
    var months: Int = 12

    @Option(help: "Seed of the simulation; the same seed gives the same history.")
    var seed: UInt64 = 1

    @Option(help: "First day of the simulated history (default: --months before today, so it ends about now).")
    var start: String?

    @Flag(help: "After --simulate, keep the workers running on wall time until Ctrl-C.")
    var stay = false

    @Option(help: "Partitions of each topic.")
    var partitions: Int32 = 8

    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).")
    var policies: String?

    @Option(help: "Log level of the workers (their progress shows on the status line).")
    var logLevel: Logger.Level = .warning

    @OptionGroup(title: "Operations") var operations: OperationsOptions

    @OptionGroup(title: "Notifier") var mail: MailOptions

    @OptionGroup(title: "Escalation board (served on --http-port once on wall time)") var board: BoardOptions

    @OptionGroup(title: "Notifier") var notifier: NotifierSettings

    static let defaultOutbox = "var/outbox"

    func validate() throws {
        if let simulate, simulate < 1 { throw ValidationError("--simulate must be at least 1 case (got \(simulate))") }
        guard (1...240).contains(months) else { throw ValidationError("--months must be 1...240 (got \(months))") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1 (got \(partitions))") }
        if stay, simulate == nil { throw ValidationError("--stay keeps the workers up after --simulate; without --simulate they stay anyway") }
        _ = try startTimestamp()
    }

    func run() async throws {
        let logger = CommandLogging.logger("homeward.dev", level: logLevel)
        let metrics = operations.bootstrapMetrics()  // before any worker makes its metrics
        let (parts, sender) = try loadParts()  // a configuration error stops dev before anything starts
        let broker = try EmbeddedBroker(logger: logger)
        defer { broker.shutdown() }
        let catalog = TopicCatalog(prefix: "homeward.")
        try await broker.createTopics(catalog.allNames.map { KafkaTopicSpec(name: $0, partitions: partitions) })
        print(broker.bootstrapServers)
        fflush(nil)

        var mail = self.mail
        if mail.smtp == nil, mail.outbox == nil { mail.outbox = try Self.freshOutbox() }
        var base = WorkerConfiguration(client: KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-dev"),
                                       sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1))
        base.fetchWait = .milliseconds(10)
        base.commitInterval = .milliseconds(200)
        let where_ = mail.outbox.map { "into \($0)" } ?? "to \(mail.smtp ?? "")"

        if let simulate {
            let finished = try await runSimulation(cases: simulate, parts: parts, mail: mail, sender: sender, base: base, metrics: metrics,
                                                   logger: logger)
            print(finished.table(outbox: mail.outbox))
            fflush(nil)
            guard stay else { return }
        }
        printError("homeward dev: workers on wall time at \(broker.bootstrapServers), e-mail \(where_); Ctrl-C stops them")
        let pipeline = DevPipeline(parts, performer: CountingPerformer(try mail.performer(sender: sender, configuration: try HomewardConfiguration.withoutFlags())), base: base, clock: .wall,
                                   logger: logger)
        let setup = try boardSetup(client: base.client, prefix: base.topicPrefix, logger: logger)
        try await Self.group(pipeline, metrics: metrics, operations: operations, board: setup, logger: logger).run()
    }

    /// The escalation board, when the endpoints are served and someone can sign in; else nil, saying how to add a user.
    private func boardSetup(client: KafkaClientConfiguration, prefix: String, logger: Logger) throws -> BoardSetup? {
        guard let port = operations.httpPort else { return nil }
        let setup = try board.board(client: client, prefix: prefix, logger: logger)
        guard setup.hasUsers else {
            printError("homeward dev: no escalation board users in \(board.users); to see the board on http://\(operations.httpHost):\(port)/, "
                       + "add one with `homeward dashboard user add mgr-0001 --role manager` and start again")
            return nil
        }
        printError("homeward dev: escalation board on http://\(operations.httpHost):\(port)/ (users: \(board.users))")
        return setup
    }

    /// The pipeline's workers, after the HTTP endpoints when they are served
    /// (stopped last): the operations endpoints, with the escalation board
    /// and its feed when `board` is given.
    private static func group(_ pipeline: DevPipeline, metrics: PrometheusExport?, operations: OperationsOptions, board: BoardSetup? = nil,
                              logger: Logger) -> ServiceGroup {
        let workers = pipeline.services.compactMap { $0 as? any ReadinessReporting }
        let server: (any Service)?
        if let board, let metrics, let port = operations.httpPort {
            server = board.server(host: operations.httpHost, port: port, metrics: metrics, workers: workers, logger: logger)
        } else {
            server = operations.server(metrics: metrics, workers: workers, logger: logger)
        }
        let services = (server.map { [$0] } ?? []) + pipeline.services + (board.map { [$0.feed] } ?? [])
        return ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                                                 logger: logger))
    }

    /// Produces the simulated history, runs the workers on stream time
    /// until they have processed it all, stops them and reads the summary.
    private func runSimulation(cases: Int, parts: DevPipeline.Parts, mail: MailOptions, sender: MailAddress, base: WorkerConfiguration,
                               metrics: PrometheusExport?, logger: Logger) async throws -> DevSummary {
        let simulator = CaseHistorySimulator(settings: SimulationSettings(cases: cases, months: months, seed: seed, start: try startTimestamp()))
        let produced = try await SimulatedHistoryProducer.produce(simulator, client: base.client, topic: TopicRole.caseEvents.topic(prefix: base.topicPrefix),
                                                                  logger: logger)
        guard produced.failed == 0 else {
            throw CommandFailure("\(produced.failed) simulated events could not be produced: \(produced.firstFailure ?? "")")
        }
        let pipeline = DevPipeline(parts, performer: CountingPerformer(try mail.performer(sender: sender, configuration: try HomewardConfiguration.withoutFlags())), base: base, clock: .stream,
                                   logger: logger)
        let group = Self.group(pipeline, metrics: metrics, operations: operations, logger: logger)
        let status = DevStatusLine(pipeline, events: produced.delivered, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                try await StageDrain(client: base.client, logger: logger).wait(for: pipeline.stages) { status.update() }
                await group.triggerGracefulShutdown()
            }
            try await tasks.waitForAll()
        }
        status.finish()
        return try DevSummary(client: base.client, prefix: base.topicPrefix, partitions: partitions, logger: logger)
    }

    /// The rules of the four workers and the sender of every e-mail.
    private func loadParts() throws -> (DevPipeline.Parts, MailAddress) {
        let directory = PolicyDirectory(option: policies)
        let (fanOut, delivery, sender) = try notifier.load(policies: directory)
        return (DevPipeline.Parts(scheduler: SchedulerWorker(policy: try directory.schedulePolicy()),
                                  escalator: EscalatorWorker(policy: try directory.escalationPolicy()),
                                  fanOut: fanOut, delivery: delivery), sender)
    }

    /// The default outbox, emptied of the e-mails of earlier runs.
    private static func freshOutbox() throws -> String {
        let manager = FileManager.default
        try manager.createDirectory(atPath: defaultOutbox, withIntermediateDirectories: true)
        for file in try manager.contentsOfDirectory(atPath: defaultOutbox) where file.hasSuffix(".eml") {
            try manager.removeItem(atPath: defaultOutbox + "/" + file)
        }
        return defaultOutbox
    }

    /// `--start`, or `--months` before today (UTC).
    func startTimestamp() throws -> Timestamp {
        guard let start else {
            let today = Timestamp.now.millisecondsSinceEpoch / 86_400_000 * 86_400_000
            return Timestamp(millisecondsSinceEpoch: today).adding(days: -months * 365 / 12)
        }
        let text = start.count == 10 ? start + "T00:00:00Z" : start
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw ValidationError("--start '\(start)': expected a date like 2026-01-01 or an RFC 3339 time like 2026-01-01T00:00:00Z")
        }
    }
}
