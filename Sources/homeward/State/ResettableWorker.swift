import ArgumentParser
import HomewardContract
import HomewardEscalation
import HomewardRuntime
import HomewardScheduling

/// A worker whose state `homeward state reset` can rebuild from its inputs:
/// its name, the topics it reads, its state topic and what it publishes.
enum ResettableWorker {
    case scheduler
    case escalator

    /// The worker named `argument` on the command line.
    ///
    /// - Throws: ``ExitCode`` 64 after explaining why for `notifier`;
    ///   `ValidationError` for a name that is no worker.
    init(argument: String) throws {
        switch argument {
        case SchedulerWorker.name: self = .scheduler
        case EscalatorWorker.name: self = .escalator
        case "notifier", "notifier-fanout", "notifier-delivery":
            printError(Self.notifierRefusal)
            throw ExitCode(64)
        default:
            throw ValidationError("unknown worker '\(argument)': a reset rebuilds the state of scheduler or escalator")
        }
    }

    /// Its name, as `homeward worker` takes it.
    var name: String {
        switch self {
        case .scheduler: SchedulerWorker.name
        case .escalator: EscalatorWorker.name
        }
    }

    /// The roles of the topics it reads, as its rules say.
    var inputRoles: [TopicRole] {
        switch self {
        case .scheduler: SchedulerWorker.inputRoles
        case .escalator: EscalatorWorker.inputRoles
        }
    }

    /// The role of its state topic.
    var stateRole: TopicRole {
        switch self {
        case .scheduler: SchedulerWorker.stateRole
        case .escalator: EscalatorWorker.stateRole
        }
    }

    /// What it publishes, in words.
    var outputs: String {
        switch self {
        case .scheduler: "reminders"
        case .escalator: "escalations"
        }
    }

    /// Its consumer group unless `--group` names another.
    var defaultGroup: String { WorkerConfiguration.defaultGroup(of: name) }

    /// Why the notifier's state is not reset, and what to do instead.
    static let notifierRefusal = """
        homeward state reset notifier: refused.
        The notifier's state is what keeps it from e-mailing a notification twice: it \
        holds the id of every notification sent, cancelled or failed within sentIdsKept \
        (30 days by default), and the e-mails still waiting for a digest, quiet hours or \
        a retry. A reset would forget them; its inputs, read again, would e-mail people \
        what they have already received, and drop what was waiting.
        What to do instead:
        - After a reset of the scheduler or the escalator: nothing. The notifier drops \
        the reminders and escalations they publish again, whose ids it settled within \
        sentIdsKept.
        - When the notifier stops on a state written by a newer build: run that build \
        or a later one.
        - To rebuild its state anyway, accepting that people are e-mailed again: stop \
        every notifier, empty notifier-state and notifier-fanout-state, and move the \
        groups homeward.notifier-fanout and homeward.notifier-delivery to where their \
        inputs should be read again, with your Kafka tools (kafka-consumer-groups \
        --reset-offsets).
        """
}
