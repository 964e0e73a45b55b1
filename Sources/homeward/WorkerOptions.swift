import ArgumentParser
import HomewardRuntime
import Logging
import ServiceLifecycle

/// The options of every command that runs workers (`homeward worker`,
/// `homeward run`): clock, group timing, batches, policies, Kafka and, for
/// the notifier, where e-mail goes.
struct WorkerOptions: ParsableArguments {
    enum Clock: String, ExpressibleByArgument, CaseIterable {
        case wall, stream
    }

    @Option(help: "wall (production) or stream (event time, for replay and simulation).")
    var clock: Clock = .wall

    @Option(help: "Group session timeout in milliseconds (use 6000 on the embedded broker).")
    var sessionTimeoutMs: Int = 45_000

    @Option(help: "fetch.wait.max.ms of the input consumer only (librdkafka's default 500 when not given; use 10 on the embedded broker, which holds every fetch for the whole wait).")
    var fetchWaitMs: Int?

    @Option(help: "Largest batch handled at once.")
    var maxBatchSize: Int = 10_000

    @Option(help: "How long state writes are coalesced per key before they go to the changelog, in milliseconds (offsets are marked after; longer writes fewer records for busy cases and redoes more input after a crash). The buffer is also flushed when input pauses, on rebalance and on shutdown.")
    var stateFlushMs: Int = 200

    @OptionGroup var log: LogOptions

    @OptionGroup(title: "Operations") var operations: OperationsOptions

    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).")
    var policies: String?

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

    /// The policy directory these options name.
    var policyDirectory: PolicyDirectory { PolicyDirectory(option: policies) }

    /// A worker's configuration under these options, with client id `clientID` and consumer group `groupID`.
    func configuration(clientID: String, groupID: String?) throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration(
            client: try kafka.clientConfiguration(clientID: clientID),
            topicPrefix: try kafka.prefix(),
            groupID: groupID,
            clock: clock == .wall ? .wall : .stream,
            sessionTimeout: .milliseconds(sessionTimeoutMs),
            heartbeatInterval: .milliseconds(max(500, sessionTimeoutMs / 6)))
        configuration.commitInterval = .seconds(1)
        configuration.maxBatchSize = maxBatchSize
        configuration.fetchWait = fetchWaitMs.map { .milliseconds($0) }
        configuration.stateFlushInterval = .milliseconds(stateFlushMs)
        return configuration
    }

    /// Runs the services `makeServices` makes, with the operations
    /// endpoints when `--http-port` is given, until one fails or
    /// SIGTERM/SIGINT arrives; then each stops gracefully (a worker stops
    /// fetching, finishes, commits, flushes and leaves its group). The
    /// metrics system is bootstrapped before the services make their metrics.
    func run(logger: Logger, _ makeServices: () throws -> [any Service]) async throws {
        let metrics = operations.bootstrapMetrics()
        let workers = try makeServices()
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
}
