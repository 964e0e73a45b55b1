import ArgumentParser
import HomewardEscalation
import HomewardNotification
import HomewardProcessing
import HomewardRuntime
import HomewardScheduling
import Logging
import ServiceLifecycle

/// A kind of worker the CLI runs, and the services that make it up: one
/// ``KafkaWorker`` each, two for the notifier (fan-out and delivery, with
/// the staff directory's reloader).
enum WorkerKind: String, ExpressibleByArgument, CaseIterable {
    case scheduler, escalator, notifier, passthrough

    /// The services of this kind under `options`, their consumer groups named by `groups`.
    func services(options: WorkerOptions, groups: ConsumerGroupNaming) throws -> [any Service] {
        let logger = options.log.logger("homeward.worker.\(rawValue)")
        switch self {
        case .scheduler:
            let logic = SchedulerWorker(policy: try options.policyDirectory.schedulePolicy())
            return [KafkaWorker(logic: logic, configuration: try configuration(options, groups, stage: logic.name), logger: logger)]
        case .escalator:
            let logic = EscalatorWorker(policy: try options.policyDirectory.escalationPolicy())
            return [KafkaWorker(logic: logic, configuration: try configuration(options, groups, stage: logic.name), logger: logger)]
        case .notifier:
            return try notifierServices(options: options, groups: groups, logger: logger)
        case .passthrough:
            let logic = PassThroughWorker()
            return [KafkaWorker(logic: logic, configuration: try configuration(options, groups, stage: logic.name), logger: logger)]
        }
    }

    private func configuration(_ options: WorkerOptions, _ groups: ConsumerGroupNaming, stage: String,
                               notifierStage: String? = nil) throws -> WorkerConfiguration {
        try options.configuration(clientID: "homeward-\(stage)", groupID: groups.groupID(stage: stage, notifierStage: notifierStage))
    }

    /// The notifier's two stages, each a worker of its own group: the
    /// fan-out, and delivery with the mail transport.
    private func notifierServices(options: WorkerOptions, groups: ConsumerGroupNaming, logger: Logger) throws -> [any Service] {
        let (fanOut, delivery, sender) = try options.notifier.load(policies: options.policyDirectory)
        let watcher = StaffDirectoryWatcher(file: options.notifier.directoryFile, directory: fanOut.liveDirectory)
        return [
            KafkaWorker(logic: fanOut, configuration: try configuration(options, groups, stage: fanOut.name, notifierStage: "fanout"),
                        logger: logger),
            KafkaWorker(logic: delivery, configuration: try configuration(options, groups, stage: delivery.name, notifierStage: "delivery"),
                        performer: try options.mail.performer(sender: sender, configuration: try options.kafka.configuration()), logger: logger),
            DirectoryReloadService(watcher: watcher, logger: logger),
        ]
    }
}
