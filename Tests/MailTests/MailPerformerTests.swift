import Foundation
import HomewardContract
import HomewardMail
import HomewardNotification
import HomewardProcessing
import HomewardTestKit
import SMTP
import Testing

@Suite("The notifier's sends through a real SMTP server (aiosmtpd) and the fault server")
struct MailPerformerTests {
    static let kinds = ReminderKind.allCases.map(\.rawValue) + ["review", "urgent", "emergency"]
    static let readers: [(id: Identifier, language: String, greeting: String, decide: String)] = [
        ("cw-0001", "nl", "Beste A. de Vries", "Een escalatie adviseert; mensen beslissen."),
        ("cw-0002", "en", "Dear B. Jansen", "An escalation recommends; people decide."),
    ]

    @Test("each kind in each language arrives as a multipart e-mail with its headers, the case reference and link, in the reader's language",
          arguments: [0, 1])
    func everyKindAndLanguage(reader index: Int) async throws {
        let reader = Self.readers[index]
        let rules = try MailFixture.delivery()
        let (server, folder) = try MailFixture.captureServer()
        defer { try? FileManager.default.removeItem(at: folder) }
        let performer = try MailFixture.performer(port: server.port)
        var sent: [String: OutgoingEmail] = [:]
        for kind in Self.kinds {
            let email = try #require(MailFixture.email(for: MailFixture.notification(kind, to: reader.id), rules: rules), "\(kind) is e-mailed")
            let outcome = await performer.perform(email.record)
            guard case .outcome(let result) = outcome, case .sent(let code, let enhanced, _) = result.result else {
                Issue.record("\(kind): \(outcome)")
                continue
            }
            #expect(code == 250 && enhanced == "2.0.0" && result.messageId == email.messageId && result.attempt == 1)
            sent[email.notificationIds.map(\.rawValue).joined(separator: ",")] = email
        }
        await performer.shutdown()

        let captured = try CapturedMail.all(in: folder)
        #expect(captured.count == Self.kinds.count)
        for mail in captured {
            let email = try #require(sent[mail.notificationIds.joined(separator: ",")], "each captured e-mail is one that was sent")
            #expect(mail.header("Message-ID") == "<\(email.messageId)>")
            let text = try #require(mail.part("text/plain"), "\(email.emailId) has a text part")
            let html = try #require(mail.part("text/html"), "\(email.emailId) has an HTML part")
            #expect(mail.header("Content-Type")?.hasPrefix("multipart/alternative") == true && mail.header("MIME-Version") == "1.0")
            #expect(mail.header("From") == "\"Homeward\" <homeward@homeward.example>" && mail.envelopeFrom == "homeward@homeward.example")
            #expect(mail.envelopeTo == [email.toAddress] && mail.header("To")?.contains(email.toAddress) == true)
            #expect(mail.header("Date") != nil && mail.header("Subject") != nil)
            for part in [text, html] {
                #expect(part.contains("case-000123") && part.contains("https://homeward.example/cases/case-000123"), "\(email.emailId): case and link")
                #expect(part.contains(reader.greeting), "\(email.emailId) is in \(reader.language)")
            }
            let isEscalation = email.notificationIds.contains { id in ["review", "urgent", "emergency"].contains { id.rawValue.hasPrefix("ntf-\($0)-") } }
            #expect(text.contains(reader.decide) == isEscalation, "\(email.emailId): escalations, and only they, say that people decide")
        }
        withExtendedLifetime(server) {}
    }

    @Test("a permanent rejection (its reason without the address the server echoed), a transient one and a connection lost after the final dot come back as the rules' outcomes",
          arguments: [("reject", "permanent"), ("transient-once", "transient"), ("drop-after-dot", "in-doubt")])
    func failures(scenario: String, expected: String) async throws {
        let transcript = FileManager.default.temporaryDirectory.appendingPathComponent("transcript-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: transcript) }
        let server = try PythonServer(script: MailFixture.servers.appendingPathComponent("fault_server.py"), arguments: [scenario, transcript.path])
        let performer = try MailFixture.performer(port: server.port)
        let email = try #require(MailFixture.email(for: MailFixture.notification("emergency", to: "cw-0002"), rules: try MailFixture.delivery()))
        let outcome = await performer.perform(email.record)
        await performer.shutdown()
        guard case .outcome(let result) = outcome else { Issue.record("\(outcome)"); return }
        switch (expected, result.result) {
        case ("permanent", .permanentFailure(let code, let enhanced, let reason)):
            #expect(code == 550 && enhanced == "5.1.1")
            #expect(reason.contains("[address]") && !reason.contains("@"), "the server echoed the address; the reason does not: \(reason)")
        case ("transient", .transientFailure(let code, _, _)): #expect(code == 451)
        case ("in-doubt", .inDoubt): break
        default: Issue.record("\(scenario): expected \(expected), got \(result.result)")
        }
        #expect(result.messageId == email.messageId && result.recipientId == "cw-0002")
        withExtendedLifetime(server) {}
    }

    @Test("the file outbox writes the e-mail and reports it written, not sent")
    func fileOutbox() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let performer = MailPerformer(transport: try MailFileOutbox(directory: folder), sender: MailFixture.sender, concurrency: 2)
        let email = try #require(MailFixture.email(for: MailFixture.notification("urgent", to: "cw-0001"), rules: try MailFixture.delivery()))
        let outcome = await performer.perform(email.record)
        guard case .outcome(let result) = outcome, case .writtenToFile = result.result else { Issue.record("\(outcome)"); return }
        let written = try CapturedMail.all(in: folder)
        #expect(written.count == 1 && written.first?.header("Message-ID") == "<\(email.messageId)>")
    }
}
