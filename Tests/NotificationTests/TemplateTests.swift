import Foundation
import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

@Suite("Templates: per language and kind, text and HTML, checked at start-up")
struct TemplateTests {
    /// The shipped template files, as `language/name.format.mustache` → text.
    static func shippedFiles() throws -> [String: String] {
        let root = NotifierFixture.config.appendingPathComponent("templates")
        var files: [String: String] = [:]
        for language in ["en", "nl"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(language).path) {
                files["\(language)/\(name)"] = try String(contentsOf: root.appendingPathComponent(language).appendingPathComponent(name), encoding: .utf8)
            }
        }
        return files
    }

    func loadingError(_ files: [String: String]) throws -> TemplateError? {
        let policy = try NotifierFixture.policy()
        do {
            _ = try NotificationTemplates(files: files, policy: policy)
            return nil
        } catch {
            return error
        }
    }

    @Test("the shipped templates load, in Dutch and English")
    func shippedLoad() throws {
        #expect(try NotifierFixture.templates().languages == [.nl, .en])
    }

    @Test("a variable the kind does not provide is an error naming the template and the variable")
    func unknownVariable() throws {
        var files = try Self.shippedFiles()
        files["nl/visit-overdue.txt.mustache"]! += "\n{{riskCategory}}\n"
        let error = try #require(try loadingError(files))
        #expect(error.template == "nl/visit-overdue.txt")
        #expect(error.message.hasPrefix("uses {{riskCategory}}, which visit-overdue does not provide"), "\(error)")
    }

    @Test("a variable of another kind is refused too: a reminder has no recommendation, a digest no single case reference")
    func variableOfAnotherKind() throws {
        var files = try Self.shippedFiles()
        files["en/court-order-expiring.html.mustache"]! += "{{respondBy}}"
        #expect(try loadingError(files)?.description.hasPrefix("en/court-order-expiring.html: uses {{respondBy}}") == true)
        files = try Self.shippedFiles()
        files["en/digest.txt.mustache"]! += "{{caseReference}}"
        #expect(try loadingError(files)?.description.hasPrefix("en/digest.txt: uses {{caseReference}}") == true)
        files = try Self.shippedFiles()
        files["nl/_escalation.txt.mustache"]! += "{{#recommendation.removeChild}}x{{/recommendation.removeChild}}"
        #expect(try loadingError(files)?.message.hasPrefix("uses {{removeChild}}") == true)
    }

    @Test("a variable inside a section of every digest item is checked as well")
    func insideSections() throws {
        var files = try Self.shippedFiles()
        files["en/digest.html.mustache"] = files["en/digest.html.mustache"]!.replacing("{{caseReference}}", with: "{{childName}}")
        let error = try #require(try loadingError(files))
        #expect(error.template == "en/digest.html" && error.message.hasPrefix("uses {{childName}}"), "\(error)")
    }

    @Test("a kind the policy e-mails without its template, a missing partial, or a bad first line, is refused")
    func missingPieces() throws {
        var files = try Self.shippedFiles()
        files.removeValue(forKey: "nl/escalation-urgent.html.mustache")
        #expect(try loadingError(files)?.template == "nl/escalation-urgent.html")
        files = try Self.shippedFiles()
        files["en/visit-overdue.txt.mustache"]! += "{{> en/_nowhere.txt}}"
        #expect(try loadingError(files)?.message.contains("{{> en/_nowhere.txt}}, which does not exist") == true)
        files = try Self.shippedFiles()
        files["en/visit-overdue.txt.mustache"] = "Visit overdue\n\nbody"
        #expect(try loadingError(files)?.message.contains("Subject:") == true)
    }

    @Test("an escalation e-mail shows the case reference, the recommendation, the deadline in local time, the link, and that people decide")
    func escalationContent() throws {
        let templates = try NotifierFixture.templates()
        let item = try notification(.escalation(escalation(.urgent, at: at("2026-07-01T10:00:00Z"))))
        let english = templates.render(.single(item), language: .en, recipientName: "B. Jansen", timezone: .amsterdam)
        #expect(english.subject == "[URGENT] Escalation for case case-000001")
        #expect(english.text.contains("Recommendation: assess the child's safety."))
        #expect(english.text.contains("Please acknowledge by 2026-07-02 12:00 (Europe/Amsterdam)."))
        #expect(english.text.contains("An escalation recommends; people decide."))
        #expect(english.text.contains("https://homeward.example/cases/case-000001"))
        #expect(english.html.contains("<a href=\"https://homeward.example/cases/case-000001\">"))
        let dutch = templates.render(.single(item), language: .nl, recipientName: "A. de Vries", timezone: .amsterdam)
        #expect(dutch.text.contains("Een escalatie adviseert; mensen beslissen."))
        #expect(dutch.html.contains("Een escalatie adviseert; mensen beslissen."))
    }

    @Test("a language without templates falls back to English")
    func fallback() throws {
        var files = try Self.shippedFiles()
        for name in files.keys where name.hasPrefix("nl/") { files.removeValue(forKey: name) }
        let templates = try NotificationTemplates(files: files, policy: try NotifierFixture.policy())
        let item = try notification(.reminder(reminder(.visitOverdue, at: at("2026-03-04T09:00:00Z"))))
        #expect(templates.render(.single(item), language: .nl, recipientName: "A", timezone: .amsterdam).subject.hasPrefix("Visit overdue"))
    }

    @Test("the e-mail carries a Message-ID derived from the notification id, its id in a header, and its sending time as Date")
    func emailValue() throws {
        var recipient = try DeliveryHarness()
        let item = try notification(.escalation(escalation(.emergency, at: at("2026-03-04T09:00:00Z"))))
        recipient.receive(item, at: at("2026-03-04T09:00:00Z"))
        let email = try #require(recipient.sends.first)
        #expect(email.messageId == "hw-\(item.notificationId)@homeward.example")
        #expect(email.headers == [EmailHeader(name: "X-Homeward-Notification", value: item.notificationId.rawValue)])
        #expect(email.dateSecondsSinceEpoch == at("2026-03-04T09:00:00Z").millisecondsSinceEpoch / 1000)
        #expect(email.toAddress == "a.devries@example.org" && email.toName == "A. de Vries")
        #expect(email.content.subject == "[NOOD] Escalatie voor casus case-000001")
    }
}
