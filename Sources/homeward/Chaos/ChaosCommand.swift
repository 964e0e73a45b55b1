import ArgumentParser
import Foundation
import HomewardContract
import Kafka
import Logging

/// `homeward chaos`: the whole pipeline as separate processes on an
/// embedded broker, workers killed with SIGKILL and restarted while a
/// simulated population goes through, then held to `homeward replay`.
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Kill and restart workers while a simulated population goes through the pipeline; then check that nothing was lost against homeward replay.",
        discussion: """
        Starts an embedded broker (homeward broker), checks its topics (homeward topics create), starts a mail \
        server (scripts/smtp-capture.py under /usr/bin/python3, python3-aiosmtpd) and two instances each of the \
        scheduler, the escalator and the notifier as homeward worker processes on stream time. It produces a \
        simulated history (homeward simulate) in one part per kill (homeward produce); after each part, once the \
        worker the next kill takes (drawn from --seed) is at work, it kills it with SIGKILL and starts it again at \
        once. Once every worker group has committed \
        all of its input and nothing moves for a few seconds, it compares the topics and the e-mails with homeward \
        replay over the same history: every reminder and escalation of replay is on its topic (repeats carry the \
        same id and bytes), nothing else is, and every notification replay e-mails is e-mailed once (twice only \
        when recorded in-doubt), still waiting on stream time (a digest or quiet hours), or cancelled or failed. \
        With --keep the run's folder (history, logs, e-mails, live and replayed outputs) stays for a look. \
        Prints a report (--json: one JSON object); exits 0 only when nothing was lost and nothing unexpected found. \
        Every child process is killed when it ends, also on Ctrl-C or SIGTERM.
        """
    )

    @Option(help: "Cases in the simulated population.")
    var simulate: Int = 200

    @Option(help: "Months of simulated history.")
    var months: Int = 12

    @Option(help: "Seed of the simulation and of the kills.")
    var seed: UInt64 = 1

    @Option(help: "Workers to kill (SIGKILL), one at a time.")
    var kills: Int = 20

    @Option(help: "Seconds between kills on average (each pause is drawn between half and one and a half times it).")
    var interval: Double = 3

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Flag(help: "Keep the run's folder (history, logs, e-mails, replay's output) and say where it is.")
    var keep = false

    @Option(help: "Partitions of each topic.")
    var partitions: Int32 = 8

    @Option(help: "How long to wait, after the last kill, for the workers to settle, in seconds.")
    var settleTimeout: Double = 300

    @Option(help: "The mail server script, run with /usr/bin/python3.")
    var mailServer: String = "scripts/smtp-capture.py"

    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).")
    var policies: String?

    @OptionGroup(title: "Notifier") var notifier: NotifierSettings

    @Option(help: "Log level of this command (its workers log warnings and worse to their own files).")
    var logLevel: Logger.Level = .notice

    func validate() throws {
        guard simulate >= 1 else { throw ValidationError("--simulate must be at least 1 case (got \(simulate))") }
        guard (1...240).contains(months) else { throw ValidationError("--months must be 1...240 (got \(months))") }
        guard kills >= 0 else { throw ValidationError("--kills must be 0 or more (got \(kills))") }
        guard interval > 0, interval <= 3_600 else { throw ValidationError("--interval must be more than 0 and at most 3600 seconds (got \(interval))") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1 (got \(partitions))") }
        guard settleTimeout > 0 else { throw ValidationError("--settle-timeout must be positive (got \(settleTimeout))") }
        guard FileManager.default.fileExists(atPath: mailServer) else {
            throw ValidationError("--mail-server \(mailServer): no such file; run from the repository's root or pass the path of scripts/smtp-capture.py")
        }
    }

    func run() async throws {
        let logger = CommandLogging.logger("homeward.chaos", level: logLevel)
        let status = StatusLine(logger: logger)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-chaos-\(UUID().uuidString.prefix(8))")
        let children = ChaosChildren()
        let keep = self.keep
        ChaosSignals.onTermination { signal in
            status.clear()
            children.killAll()
            Self.finish(folder: folder, keep: keep)
            printError("homeward chaos: stopped by signal \(signal); every child process killed")
            Foundation.exit(128 + signal)
        }
        let report: ChaosReport
        do {
            report = try await ChaosRun(command: self, folder: folder, children: children, status: status, logger: logger).run()
        } catch {
            status.clear()
            children.killAll()
            Self.finish(folder: folder, keep: keep)
            throw error
        }
        children.killAll()
        Self.finish(folder: folder, keep: keep)
        print(json ? report.json : report.text)
        fflush(nil)
        if !report.passed { throw ExitCode(1) }
    }

    /// Removes the run's folder, or says where it is kept.
    private static func finish(folder: URL, keep: Bool) {
        if keep {
            printError("homeward chaos: the run's folder is \(folder.path)")
        } else {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// The options every `homeward` child shares for policies, and the notifier's for its directory and templates.
    var policyArguments: [String] { policies.map { ["--policies", $0] } ?? [] }
    var notifierArguments: [String] {
        (notifier.directory.map { ["--directory", $0] } ?? []) + (notifier.templates.map { ["--templates", $0] } ?? [])
            + (notifier.from.map { ["--from", $0] } ?? [])
    }
}
