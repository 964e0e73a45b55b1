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

    /// The performer sending from `sender`, with its transport.
    func performer(sender: MailAddress) throws -> MailPerformer {
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
            let configuration = SMTPClientConfiguration(server: try SMTPServerAddress(url: smtp ?? ""), credentials: try Self.credentials(),
                                                        trustedCAFile: smtpCaFile, maxConnections: smtpConnections,
                                                        commandDurationLabel: WorkerMetricLabel.smtpCommandDuration)
            return MailPerformer(transport: try SMTPClient(configuration: configuration), sender: sender, concurrency: smtpConnections)
        } catch let error as SMTPError {
            throw CommandFailure("--smtp: \(error)")
        }
    }

    /// The credentials from the environment (`HOMEWARD_SMTP_USERNAME` with
    /// `HOMEWARD_SMTP_PASSWORD` or `HOMEWARD_SMTP_PASSWORD_FILE`), if any.
    static func credentials() throws -> SMTPCredentials? {
        let environment = ProcessInfo.processInfo.environment
        guard let username = environment["HOMEWARD_SMTP_USERNAME"], !username.isEmpty else { return nil }
        if let password = environment["HOMEWARD_SMTP_PASSWORD"] { return SMTPCredentials(username: username, password: password) }
        guard let file = environment["HOMEWARD_SMTP_PASSWORD_FILE"] else {
            throw CommandFailure("HOMEWARD_SMTP_USERNAME is set without HOMEWARD_SMTP_PASSWORD or HOMEWARD_SMTP_PASSWORD_FILE")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("HOMEWARD_SMTP_PASSWORD_FILE: cannot read \(file)")
        }
        let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        return SMTPCredentials(username: username, password: password)
    }
}
