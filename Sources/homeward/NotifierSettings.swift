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

    /// The delivery rules and the fan-out, loaded and checked, over a
    /// directory a ``StaffDirectoryWatcher`` of ``directoryFile`` may reload.
    func load(policies: PolicyDirectory) throws -> (fanOut: NotificationFanOut, delivery: NotificationDelivery, sender: MailAddress) {
        let policy = try policies.notifierPolicy()
        let environment = ProcessInfo.processInfo.environment
        guard let data = FileManager.default.contents(atPath: directoryFile) else {
            throw CommandFailure("\(directoryFile): cannot read the staff directory; pass --directory FILE or set HOMEWARD_DIRECTORY")
        }
        let staff: StaffDirectory
        do {
            staff = try StaffDirectory(yaml: String(decoding: data, as: UTF8.self), file: directoryFile)
        } catch {
            throw CommandFailure("invalid staff directory: \(error)")
        }
        let templateDirectory = templates ?? environment["HOMEWARD_TEMPLATES"] ?? "config/templates"
        let texts: NotificationTemplates
        do {
            texts = try NotificationTemplates(directory: templateDirectory, policy: policy)
        } catch {
            throw CommandFailure("invalid e-mail templates in \(templateDirectory): \(error)")
        }
        let sender: MailAddress
        do {
            sender = try MailAddress(from ?? "homeward@\(policy.messageIdDomain)", displayName: "Homeward")
        } catch {
            throw CommandFailure("--from: \(error)")
        }
        let live = LiveStaffDirectory(staff)
        return (NotificationFanOut(directory: live, policy: policy),
                NotificationDelivery(policy: policy, directory: live, templates: texts), sender)
    }
}
