import ArgumentParser
import Foundation
import HomewardNotification
import SMTP

/// Where the notifier's configuration lives, and loading it: the policy
/// (from the policy directory), the staff directory and the e-mail
/// templates, each validated at start-up with an error that names the fix.
struct NotifierSettings: ParsableArguments {
    @Option(help: "The staff directory (default: HOMEWARD_DIRECTORY, else config/directory.yaml).")
    var directory: String?

    @Option(help: "The e-mail templates (default: HOMEWARD_TEMPLATES, else config/templates).")
    var templates: String?

    @Option(help: "The From address of every e-mail (default: homeward@ the policy's messageIdDomain).")
    var from: String?

    /// The staff directory file named by `--directory`, `HOMEWARD_DIRECTORY` or the default.
    var directoryFile: String {
        directory ?? ProcessInfo.processInfo.environment["HOMEWARD_DIRECTORY"] ?? "config/directory.yaml"
    }

    /// The templates directory named by `--templates`, `HOMEWARD_TEMPLATES` or the default.
    var templatesDirectory: String {
        templates ?? ProcessInfo.processInfo.environment["HOMEWARD_TEMPLATES"] ?? "config/templates"
    }

    /// The delivery rules and the fan-out, loaded and checked, over a
    /// directory a ``StaffDirectoryWatcher`` of ``directoryFile`` may reload.
    func load(policies: PolicyDirectory) throws -> (fanOut: NotificationFanOut, delivery: NotificationDelivery, sender: MailAddress) {
        let policy = try policies.notifierPolicy()
        let live = LiveStaffDirectory(try staffDirectory())
        let texts = try emailTemplates(policy: policy)
        let sender = try sender(policy: policy)
        return (NotificationFanOut(directory: live, policy: policy),
                NotificationDelivery(policy: policy, directory: live, templates: texts), sender)
    }

    /// The staff directory, read and checked.
    func staffDirectory() throws -> StaffDirectory {
        guard let data = FileManager.default.contents(atPath: directoryFile) else {
            throw CommandFailure("\(directoryFile): cannot read the staff directory; pass --directory FILE or set HOMEWARD_DIRECTORY")
        }
        do {
            return try StaffDirectory(yaml: String(decoding: data, as: UTF8.self), file: directoryFile)
        } catch {
            throw CommandFailure("invalid staff directory: \(error)")
        }
    }

    /// The e-mail templates, each rendered with samples of its kind.
    func emailTemplates(policy: NotifierPolicy) throws -> NotificationTemplates {
        do {
            return try NotificationTemplates(directory: templatesDirectory, policy: policy)
        } catch {
            throw CommandFailure("invalid e-mail templates in \(templatesDirectory): \(error)")
        }
    }

    /// The From address: `--from`, else homeward@ the policy's `messageIdDomain`.
    func sender(policy: NotifierPolicy) throws -> MailAddress {
        do {
            return try MailAddress(from ?? "homeward@\(policy.messageIdDomain)", displayName: "Homeward")
        } catch {
            throw CommandFailure("--from: \(error)")
        }
    }
}
