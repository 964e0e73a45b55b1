import ArgumentParser
import HomewardProcessing
import HomewardRuntime
import HomewardEscalation
import HomewardNotification
import HomewardScheduling
import Logging
import ServiceLifecycle

/// `homeward worker NAME`: runs one worker against Kafka until SIGTERM/SIGINT.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a worker against Kafka until SIGTERM or SIGINT (then: stop fetching, finish, commit, flush, leave the group).",
        discussion: "Workers: scheduler (visit plan, reminders, court-order deadlines); escalator (risk signals, overdue visits and visit outcomes to escalations; reads case-events and reminders); notifier (its two stages: the fan-out turns reminders and escalations into one notification per person, and delivery e-mails them through --smtp or into --outbox, with digests, quiet hours and retries); passthrough (the runtime benchmark's worker)."
    )

    enum Clock: String, ExpressibleByArgument, CaseIterable {
        case wall, stream
    }

    @Argument(help: "The worker to run: scheduler, escalator, notifier or passthrough.")
    var name: String

    @Option(help: "wall (production) or stream (event time, for replay and simulation).")
    var clock: Clock = .wall

    @Option(help: "Consumer group id (default homeward.<worker>; the notifier's stages add .fanout and .delivery to it).")
    var group: String?

    @Option(help: "Group session timeout in milliseconds (use 6000 on the embedded broker).")
    var sessionTimeoutMs: Int = 45_000

    @Option(help: "fetch.wait.max.ms of the input consumer only (librdkafka's default 500 when not given; use 10 on the embedded broker, which holds every fetch for the whole wait).")
    var fetchWaitMs: Int?

    @Option(help: "Largest batch handled at once.")
    var maxBatchSize: Int = 10_000

    @Option(help: "How long state writes are coalesced per key before they go to the changelog, in milliseconds (offsets are marked after; longer writes fewer records for busy cases and redoes more input after a crash). The buffer is also flushed when input pauses, on rebalance and on shutdown.")
    var stateFlushMs: Int = 200

    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).")
    var policies: String?

    @OptionGroup var log: LogOptions

    @OptionGroup(title: "Operations") var operations: OperationsOptions

    @OptionGroup var kafka: KafkaOptions

    @OptionGroup(title: "Notifier") var mail: MailOptions

    @OptionGroup(title: "Notifier") var notifier: NotifierSettings

    func validate() throws {
        if let fetchWaitMs, !(0...300_000).contains(fetchWaitMs) {
            throw ValidationError("--fetch-wait-ms must be 0…300000 (librdkafka's range for fetch.wait.max.ms), not \(fetchWaitMs)")
        }
        guard maxBatchSize > 0 else { throw ValidationError("--max-batch-size must be positive") }
        guard (0...60_000).contains(stateFlushMs) else {
            throw ValidationError("--state-flush-ms must be 0…60000 (a minute at most: the input redone after a crash grows with it), not \(stateFlushMs)")
        }
    }

    func run() async throws {
        let logger = log.logger("homeward.worker.\(name)")
        let metrics = operations.bootstrapMetrics()  // before the workers and the SMTP client make theirs
        let workers = try workerServices(configuration: try workerConfiguration(), logger: logger)
        // First in the group, so stopped last: the endpoints answer while the workers drain.
        let server = operations.server(metrics: metrics, workers: workers.compactMap { $0 as? any ReadinessReporting }, logger: logger)
        let services = (server.map { [$0] } ?? []) + workers
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                                           failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }

    /// The runtime's settings from the options.
    private func workerConfiguration() throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration(
            client: try kafka.clientConfiguration(clientID: "homeward-\(name)"),
            topicPrefix: try kafka.topic(""),
            groupID: group,
            clock: clock == .wall ? .wall : .stream,
            sessionTimeout: .milliseconds(sessionTimeoutMs),
            heartbeatInterval: .milliseconds(max(500, sessionTimeoutMs / 6)))
        configuration.commitInterval = .seconds(1)
        configuration.maxBatchSize = maxBatchSize
        configuration.fetchWait = fetchWaitMs.map { .milliseconds($0) }
        configuration.stateFlushInterval = .milliseconds(stateFlushMs)
        return configuration
    }

    /// The worker `name` names: its workers and what runs beside them.
    private func workerServices(configuration: WorkerConfiguration, logger: Logger) throws -> [any Service] {
        switch name {
        case "scheduler":
            let policy = try PolicyDirectory(option: policies).schedulePolicy()
            return [KafkaWorker(logic: SchedulerWorker(policy: policy), configuration: configuration, logger: logger)]
        case "escalator":
            let policy = try PolicyDirectory(option: policies).escalationPolicy()
            return [KafkaWorker(logic: EscalatorWorker(policy: policy), configuration: configuration, logger: logger)]
        case "notifier":
            return try notifierServices(configuration: configuration, logger: logger)
        case "passthrough":
            return [KafkaWorker(logic: PassThroughWorker(), configuration: configuration, logger: logger)]
        default:
            throw ValidationError("unknown worker '\(name)'; known: scheduler, escalator, notifier, passthrough")
        }
    }

    /// The notifier's two stages, each a worker of its own group: the
    /// fan-out, and delivery with the mail transport.
    private func notifierServices(configuration: WorkerConfiguration, logger: Logger) throws -> [any Service] {
        let (fanOut, delivery, sender) = try notifier.load(policies: PolicyDirectory(option: policies))
        var fanOutConfiguration = configuration, deliveryConfiguration = configuration
        fanOutConfiguration.groupID = group.map { "\($0).fanout" }
        fanOutConfiguration.client.clientID = "homeward-notifier-fanout"
        deliveryConfiguration.groupID = group.map { "\($0).delivery" }
        deliveryConfiguration.client.clientID = "homeward-notifier-delivery"
        let watcher = StaffDirectoryWatcher(file: notifier.directoryFile, directory: fanOut.liveDirectory)
        return [
            KafkaWorker(logic: fanOut, configuration: fanOutConfiguration, logger: logger),
            KafkaWorker(logic: delivery, configuration: deliveryConfiguration, performer: try mail.performer(sender: sender), logger: logger),
            DirectoryReloadService(watcher: watcher, logger: logger),
        ]
    }
}
