import ArgumentParser
import Foundation
import HomewardContract

/// `homeward config check`: validates the configuration file, the
/// policies, the templates, the staff directory, the SMTP URL and the Kafka
/// properties together, and prints the effective configuration with every
/// secret redacted.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration, policies, templates and staff directory together; print the effective configuration, secrets redacted.",
        discussion: """
        The effective configuration goes to stdout (a table, or one JSON object with --json); each error and \
        warning goes to stderr, naming its file, its entry and the fix. Warnings (a team with no supervisor, no \
        manager, or no on-call shift in the week from --at) do not fail the check. Secrets are never printed: \
        a Kafka property whose name mentions a password, secret, token, key or credential shows as ***, and SMTP credentials \
        as the user name and ***. Exits 1 when anything is invalid.
        """
    )

    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).")
    var policies: String?

    @OptionGroup var notifier: NotifierSettings

    @Option(help: "The mail server URL to check: smtps://HOST[:465], smtp://HOST[:587] or smtp+plaintext://HOST:PORT.")
    var smtp: String?

    @Option(help: "The start of the week the on-call shifts must cover, RFC 3339 (default: now).")
    var at: String?

    @Flag(help: "Print the effective configuration as one JSON object.")
    var json = false

    @OptionGroup var kafka: KafkaOptions

    func validate() throws {
        _ = try moment()
    }

    func run() throws {
        let check = ConfigurationCheck(kafka: kafka, policies: PolicyDirectory(option: policies), notifier: notifier,
                                       smtp: smtp, moment: try moment())
        let report = check.report()
        print(json ? report.json : report.table)
        for warning in report.warnings { printError("warning: \(warning)") }
        for error in report.errors { printError("error: \(error)") }
        printError("\(Self.count(report.errors.count, "error")), \(Self.count(report.warnings.count, "warning"))")
        if !report.valid { throw ExitCode(1) }
    }

    /// `1 error`, `2 errors`.
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `--at`, else now.
    private func moment() throws -> Timestamp {
        guard let at else { return Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)) }
        do {
            return try Timestamp(rfc3339: at)
        } catch {
            throw ValidationError("--at '\(at)': expected an RFC 3339 time like 2026-06-01T09:00:00Z")
        }
    }
}
