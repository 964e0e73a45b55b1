import ArgumentParser
import HomewardContract
import Kafka

/// `homeward state reset WORKER`: empties the worker's state topic and
/// rewinds its group to the start of its inputs, so that on its next start
/// it rebuilds its state from them. It refuses when the inputs no longer
/// reach back to the oldest open case, and while an instance of the worker
/// is running.
struct StateResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Empty a worker's state topic and rewind its group to the start of its inputs: it rebuilds its state from them.",
        discussion: """
        For the scheduler and the escalator, when their state cannot be used (written by a \
        newer build) or must be rebuilt. In order: says how far back the inputs reach; \
        refuses unless case-events still holds the case.opened event of every open case; \
        refuses while the worker's group has members (stop every instance first); rewinds \
        the group to the start of its inputs and empties the state topic (a tombstone for \
        every key, the checkpoints last); says what happened. The worker then publishes \
        its outputs again with the same ids, which consumers drop. The notifier's state \
        is refused: it is what keeps people from being e-mailed twice.
        """
    )

    @Argument(help: "The worker: scheduler or escalator.")
    var worker: String

    @Option(help: "The worker's consumer group (default homeward.<worker>).")
    var group: String?

    @Flag(help: "Say what a reset would do, and change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (required without a terminal).")
    var yes = false

    @OptionGroup var kafka: KafkaOptions

    var narration: ResetNarration { ResetNarration() }

    func validate() throws {
        _ = try ResettableWorker(argument: worker)
        guard dryRun || yes || Confirmation.isPossible else {
            throw ValidationError("without a terminal to confirm on, a reset needs --yes (or --dry-run, to see what it would do)")
        }
    }

    func run() async throws {
        let target = ResetTarget(try ResettableWorker(argument: worker), catalog: TopicCatalog(prefix: try kafka.prefix()), group: group)
        let client = try kafka.clientConfiguration(clientID: "homeward-state-reset")
        let logger = CommandLogging.logger("homeward.state.reset", level: .error)
        introduce(target)
        let survey = try await ResetSurvey.take(of: target, client: client, logger: logger)
        showReach(survey, of: target)
        try checkOpenings(survey, of: target)
        let claim = try await claimGroup(of: target, partitions: survey.inputPartitions, client: client, logger: logger)
        do {
            try await resetOrPlan(target, survey: survey, claim: claim, client: client, logger: logger)
        } catch {
            await claim.leave()
            throw error
        }
        await claim.leave()
        conclude(target)
    }
}
