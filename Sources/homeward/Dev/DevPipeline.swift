import HomewardContract
import HomewardEscalation
import HomewardMail
import HomewardNotification
import HomewardProcessing
import HomewardRuntime
import HomewardScheduling
import Logging
import Metrics
import ServiceLifecycle

/// Homeward's four workers in one process, each in its own consumer group
/// (the groups `homeward worker` uses), with a progress counter each: the
/// scheduler, the escalator, and the notifier's fan-out and delivery.
struct DevPipeline: Sendable {
    /// The rules, loaded once for every run of the workers.
    struct Parts: Sendable {
        let scheduler: SchedulerWorker
        let escalator: EscalatorWorker
        let fanOut: NotificationFanOut
        let delivery: NotificationDelivery
    }

    let services: [any Service]
    /// Each worker's counts, its metrics forwarded to the process's metrics system (the endpoints', when served).
    let scheduler = WorkerProgress(forwardingTo: MetricsSystem.factory), escalator = WorkerProgress(forwardingTo: MetricsSystem.factory)
    let fanOut = WorkerProgress(forwardingTo: MetricsSystem.factory), delivery = WorkerProgress(forwardingTo: MetricsSystem.factory)
    /// What the drain waits for, in the pipeline's order.
    let stages: [DrainStage]

    /// The e-mails' way out (its own for each run: a worker shuts its performer down when it stops).
    let performer: CountingPerformer

    /// The workers on `clock` over `parts`, sending through `performer`, talking to Kafka as `base` says.
    init(_ parts: Parts, performer: CountingPerformer, base: WorkerConfiguration, clock: WorkerClock, logger: Logger) {
        self.performer = performer
        func configuration(_ name: String, _ progress: WorkerProgress) -> WorkerConfiguration {
            var configuration = base
            configuration.clock = clock
            configuration.client.clientID = "homeward-dev-\(name)"
            configuration.metricsFactory = progress
            return configuration
        }
        services = [
            KafkaWorker(logic: parts.scheduler, configuration: configuration("scheduler", scheduler), logger: logger),
            KafkaWorker(logic: parts.escalator, configuration: configuration("escalator", escalator), logger: logger),
            KafkaWorker(logic: parts.fanOut, configuration: configuration("notifier-fanout", fanOut), logger: logger),
            KafkaWorker(logic: parts.delivery, configuration: configuration("notifier-delivery", delivery), performer: performer,
                        logger: logger),
        ]
        let prefix = base.topicPrefix
        func stage(_ logic: some WorkerLogic) -> DrainStage {
            DrainStage(group: "homeward.\(logic.name)", inputs: logic.inputRoles.map { $0.topic(prefix: prefix) })
        }
        stages = [stage(parts.scheduler), stage(parts.escalator), stage(parts.fanOut), stage(parts.delivery)]
    }
}
