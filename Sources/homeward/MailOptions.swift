import ArgumentParser
import Foundation
import HomewardMail
import HomewardRuntime
import SMTP

/// Where the notifier's e-mails go: an SMTP server (`--smtp`) or a folder
/// of `.eml` files (`--outbox`). SMTP credentials come from the
/// environment or a file, never from a flag, and never appear in a log.
struct MailOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The mail server: smtps://HOST[:465] (implicit TLS), smtp://HOST[:587] (STARTTLS, required), or smtp+plaintext://HOST:PORT (no TLS: a local capture server only).",
        discussion: "Credentials: HOMEWARD_SMTP_USERNAME with HOMEWARD_SMTP_PASSWORD or HOMEWARD_SMTP_PASSWORD_FILE (sent only over TLS)."))
    var smtp: String?

    @Option(help: "Write each e-mail as an .eml file into this folder instead of sending it.")
    var outbox: String?

    @Option(help: "A PEM file of CA certificates to trust for the mail server instead of the system's.")
    var smtpCaFile: String?

    @Option(help: "The most SMTP sessions open at once (and e-mails on their way).")
    var smtpConnections: Int = 8

    func validate() throws {
        guard (1...256).contains(smtpConnections) else { throw ValidationError("--smtp-connections must be 1…256, not \(smtpConnections)") }
    }

    /// The performer sending from `sender`, with its transport; SMTP
    /// credentials come from `configuration`.
    func performer(sender: MailAddress, configuration: HomewardConfiguration) throws -> MailPerformer {
        guard (smtp == nil) != (outbox == nil) else {
            throw ValidationError("name where e-mail goes: --smtp smtp[s]://HOST:PORT for a mail server, or --outbox DIR for .eml files")
        }
        if let outbox {
            do {
                return MailPerformer(transport: try MailFileOutbox(directory: URL(fileURLWithPath: outbox)), sender: sender, concurrency: 4)
            } catch {
                throw CommandFailure("--outbox \(outbox): \(error)")
            }
        }
        do {
            let configuration = SMTPClientConfiguration(server: try SMTPServerAddress(url: smtp ?? ""), credentials: try Self.credentials(configuration),
                                                        trustedCAFile: smtpCaFile, maxConnections: smtpConnections,
                                                        commandDurationLabel: WorkerMetricLabel.smtpCommandDuration)
            return MailPerformer(transport: try SMTPClient(configuration: configuration), sender: sender, concurrency: smtpConnections)
        } catch let error as SMTPError {
            throw CommandFailure("--smtp: \(error)")
        }
    }

    /// The credentials `configuration` holds (`smtp.username`, from
    /// `HOMEWARD_SMTP_USERNAME` or the configuration file, with
    /// `HOMEWARD_SMTP_PASSWORD` or the file `HOMEWARD_SMTP_PASSWORD_FILE`
    /// names), if any.
    static func credentials(_ configuration: HomewardConfiguration) throws -> SMTPCredentials? {
        guard let username = configuration.value(.smtpUsername), !username.isEmpty else { return nil }
        guard let password = configuration.value(.smtpPassword) else {
            throw CommandFailure("the SMTP user name \(username) is set without a password: set \(ConfigurationKey.smtpPassword.environmentVariable) "
                + "or \(ConfigurationKey.smtpPassword.fileVariable)")
        }
        return SMTPCredentials(username: username, password: password)
    }
}
