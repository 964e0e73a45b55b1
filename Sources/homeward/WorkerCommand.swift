import ArgumentParser

/// `homeward worker NAME`: runs one worker against Kafka until SIGTERM/SIGINT.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a worker against Kafka until SIGTERM or SIGINT (then: stop fetching, finish, commit, flush, leave the group).",
        discussion: "Workers: scheduler (visit plan, reminders, court-order deadlines); escalator (risk signals, overdue visits and visit outcomes to escalations; reads case-events and reminders); notifier (its two stages: the fan-out turns reminders and escalations into one notification per person, and delivery e-mails them through --smtp or into --outbox, with digests, quiet hours and retries); passthrough (the runtime benchmark's worker). To run several kinds in one process, use homeward run."
    )

    @Argument(help: "The worker to run: scheduler, escalator, notifier or passthrough.")
    var name: WorkerKind

    @Option(help: "Consumer group id (default homeward.<worker>; the notifier's stages add .fanout and .delivery to it, and default to homeward.notifier-fanout and homeward.notifier-delivery).")
    var group: String?

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await options.run(logger: options.log.logger("homeward.worker.\(name.rawValue)")) {
            try name.services(options: options, groups: .explicit(group))
        }
    }
}
