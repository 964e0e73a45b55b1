import HomewardEscalation
import HomewardMail
import HomewardNotification
import HomewardRuntime
import Logging
import ServiceLifecycle
import SMTP
import Synchronization

/// The workers an emergency signal passes through on its way to e-mail,
/// in this process: the escalator, the notifier's fan-out and its delivery
/// (sending through Homeward's SMTP client), run as one service group.
struct AlertPipeline {
    /// Turns the signal into an escalation.
    let escalator: KafkaWorker<EscalatorWorker>
    /// Turns the escalation into one notification per person told.
    let fanOut: KafkaWorker<NotificationFanOut>
    /// E-mails each notification.
    let delivery: KafkaWorker<NotificationDelivery>

    /// The workers, each with `configuration` in a group of its own (its
    /// name after the topic prefix); delivery flushes its state every
    /// `deliveryStateFlush` and sends from `sender` to the plaintext SMTP
    /// server on 127.0.0.1:`smtpPort` over `smtpSessions` sessions.
    ///
    /// Delivery's flush interval is the one on an e-mail's way: an e-mail
    /// goes out only once the state recording its start is flushed, while
    /// the escalator's and the fan-out's outputs go out before their state.
    init(escalation: EscalatorWorker, fanOut: NotificationFanOut, delivery: NotificationDelivery, sender: MailAddress,
         smtpPort: Int, smtpSessions: Int, configuration: WorkerConfiguration, deliveryStateFlush: Duration, logger: Logger) throws {
        func named(_ name: String) -> WorkerConfiguration {
            var named = configuration
            named.groupID = configuration.topicPrefix + name
            named.client.clientID = "homeward-bench-\(name)"
            return named
        }
        var deliveryConfiguration = named(delivery.name)
        deliveryConfiguration.stateFlushInterval = deliveryStateFlush
        let smtp = try SMTPClient(configuration: SMTPClientConfiguration(
            server: SMTPServerAddress(url: "smtp+plaintext://127.0.0.1:\(smtpPort)"), maxConnections: smtpSessions))
        escalator = KafkaWorker(logic: escalation, configuration: named(escalation.name), logger: logger)
        self.fanOut = KafkaWorker(logic: fanOut, configuration: named(fanOut.name), logger: logger)
        self.delivery = KafkaWorker(logic: delivery, configuration: deliveryConfiguration,
                                    performer: MailPerformer(transport: smtp, sender: sender, concurrency: smtpSessions), logger: logger)
    }

    /// Whether every worker holds all `partitions` partitions (restored)
    /// and the escalator holds state for at least `cases` cases.
    func isReady(partitions: Int32, cases: Int) -> Bool {
        [escalator.ownedPartitions.count, fanOut.ownedPartitions.count, delivery.ownedPartitions.count].allSatisfy { $0 >= partitions }
            && escalator.statefulKeys >= cases
    }

    /// What is not ready yet, for an error message.
    func readiness(partitions: Int32, cases: Int) -> String {
        "partitions held: escalator \(escalator.ownedPartitions.count), fan-out \(fanOut.ownedPartitions.count), delivery \(delivery.ownedPartitions.count) of \(partitions); cases the escalator holds: \(escalator.statefulKeys) of \(cases)"
    }

    /// Runs the workers while `body` runs, then shuts them down gracefully
    /// (delivery closes its SMTP sessions) and returns what `body` returned.
    /// `body` can ask whether the workers stopped on their own (one
    /// failed: the error is thrown once `body` returns).
    func run<Result>(logger: Logger, _ body: (_ stopped: () -> Bool) async throws -> Result) async throws -> Result {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: ([escalator, fanOut, delivery] as [any Service]).map {
                .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            logger: logger))
        let stopped = Atomic<Bool>(false)
        let running = Task {
            defer { stopped.store(true, ordering: .releasing) }
            try await group.run()
        }
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body { stopped.load(ordering: .acquiring) })
        } catch {
            outcome = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await running.value
        return try outcome.get()
    }
}
