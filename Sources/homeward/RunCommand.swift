import ArgumentParser

/// `homeward run WORKER…`: runs one or more worker kinds in one process
/// against the configured brokers until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one or more worker kinds (scheduler, escalator, notifier) in one process until SIGTERM or SIGINT.",
        discussion: """
        Each kind is its own consumer group, <group-prefix><stage>: homeward.scheduler, homeward.escalator, \
        and the notifier's homeward.notifier-fanout and homeward.notifier-delivery, the groups homeward worker \
        joins by default. So any number of instances, each running any of the kinds, share each kind's \
        partitions. On SIGTERM or SIGINT every worker stops fetching, finishes, commits, flushes and leaves its group.
        """
    )

    @Argument(help: "The worker kinds to run: scheduler, escalator, notifier (passthrough: the runtime benchmark's worker).")
    var workers: [WorkerKind]

    @Option(help: "Prefix of every consumer group: each kind's group is the prefix and its name.")
    var groupPrefix: String = "homeward."

    @OptionGroup var options: WorkerOptions

    func validate() throws {
        guard !workers.isEmpty else { throw ValidationError("name at least one worker kind: scheduler, escalator, notifier") }
    }

    func run() async throws {
        var kinds: [WorkerKind] = []
        for kind in workers where !kinds.contains(kind) { kinds.append(kind) }
        try await options.run(logger: options.log.logger("homeward.run")) {
            try kinds.flatMap { try $0.services(options: options, groups: .prefixed(groupPrefix)) }
        }
    }
}
