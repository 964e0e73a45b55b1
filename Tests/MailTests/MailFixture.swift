import Foundation
import HomewardContract
import HomewardMail
import HomewardNotification
import HomewardProcessing
import HomewardTestKit
import SMTP

/// Delivery's rules over the shipped policy and templates and two people
/// (one reading Dutch, one English), and the SMTP test servers.
enum MailFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let servers = repository.appendingPathComponent("Tests/SMTPTests/Servers")
    static let sender = try! MailAddress("homeward@homeward.example", displayName: "Homeward")
    /// A Wednesday, 11:00 in Amsterdam: outside quiet hours.
    static let wednesday = Timestamp(millisecondsSinceEpoch: 1_772_619_600_000)  // 2026-03-04T10:00:00Z

    static let directoryYAML = """
        people:
          - { id: cw-0001, name: A. de Vries, email: a.devries@example.org, language: nl, timezone: Europe/Amsterdam }
          - { id: cw-0002, name: B. Jansen, email: b.jansen@example.org, language: en, timezone: Europe/Amsterdam }
        """

    static func delivery() throws -> NotificationDelivery {
        let policy = try NotifierPolicy(yaml: String(contentsOf: repository.appendingPathComponent("config/policies/notifier.yaml"), encoding: .utf8))
        return NotificationDelivery(policy: policy, directory: try StaffDirectory(yaml: directoryYAML),
                                    templates: try NotificationTemplates(directory: repository.appendingPathComponent("config/templates").path,
                                                                          policy: policy))
    }

    /// A notification of `kind` (a reminder kind, or an escalation level) for `recipient`.
    static func notification(_ kind: String, to recipient: Identifier) -> StaffNotification {
        let isEscalation = EscalationLevel(rawValue: kind) != nil
        return StaffNotification(
            notificationId: Identifier(trusted: "ntf-\(kind)-\(recipient.rawValue)"), time: wednesday, recipientId: recipient,
            role: isEscalation ? .supervisor : .caseworker, caseId: "case-000123", sourceType: isEscalation ? .escalation : .reminder,
            sourceEventId: Identifier(trusted: "src-\(kind)"), priority: isEscalation ? NotificationPriority(level: EscalationLevel(rawValue: kind)!) : .routine,
            kind: kind, language: .en, timezone: .amsterdam, dueAt: wednesday.adding(hours: 30), occurrence: isEscalation ? nil : 1,
            escalationId: isEscalation ? "esc-case-000123-1" : nil, escalationStatus: isEscalation ? .raised : nil,
            recommendation: isEscalation ? .safetyAssessment : nil, step: isEscalation ? 0 : nil)
    }

    /// The e-mail the rules send for `notification`: at once, or with the digest it joins.
    static func email(for notification: StaffNotification, rules: NotificationDelivery) -> OutgoingEmail? {
        var state: RecipientDeliveries?
        let decision = rules.decide(.notification(notification), recipientId: notification.recipientId, state: &state, now: wednesday)
        if let email = decision.sends.first { return email }
        guard let digest = decision.timers.first(where: { $0.id == "digest" }) else { return nil }
        return rules.fire(digest, recipientId: notification.recipientId, state: &state, now: digest.due).sends.first
    }

    /// A capture server (aiosmtpd) writing into a fresh folder.
    static func captureServer() throws -> (server: PythonServer, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try PythonServer(script: servers.appendingPathComponent("capture_server.py"), arguments: [folder.path]), folder)
    }

    /// A performer sending to the plaintext server on `port`.
    static func performer(port: Int) throws -> MailPerformer {
        let client = try SMTPClient(configuration: SMTPClientConfiguration(server: SMTPServerAddress(host: "127.0.0.1", port: port, security: .plaintext)))
        return MailPerformer(transport: client, sender: sender, concurrency: 4)
    }
}
