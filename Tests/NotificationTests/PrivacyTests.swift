import Foundation
import HomewardContract
import HomewardNotification
import Testing

/// An e-mail carries a case reference and a link, never the child's name,
/// address or birth date, nor the category or details of a risk signal.
@Suite("Privacy: no template shows anything about the child or a risk")
struct PrivacyTests {
    /// Words that must never appear: the risk-signal categories and
    /// sources, the escalator's rule ids (the reasons), and what
    /// `case.opened` says about the child (placement, legal basis, birth year).
    static let forbidden: [String] = {
        var words = RiskCategory.allCases.filter { $0 != .other }.map(\.rawValue)
        words += ["severe-harm", "highest-severity", "child-safety-event", "repeated-signals", "risk-signal", "child-not-seen-alone",
                  "signal-000001-003", "birthYear", "birth", "geboorte", "address", "adres", "placement", "plaatsing", "2012"]
        words += PlacementType.allCases.filter { ![.other, .foster].contains($0) }.map(\.rawValue)
        words += ["abuse", "mishandeling", "neglect", "verwaarlozing", "violence", "geweld", "category", "categorie", "severity", "ernst"]
        return words
    }()

    /// Every kind of e-mail, as the fan-out makes it from events whose
    /// reasons and evidence name the most sensitive categories.
    static func everyKind() throws -> [EmailContent] {
        let time = at("2026-03-04T09:00:00Z")
        var contents: [EmailContent] = []
        var reminders: [StaffNotification] = []
        for kind in ReminderKind.allCases {
            let item = try notification(.reminder(reminder(kind, at: time, occurrence: 2)))
            reminders.append(item)
            contents.append(.single(item))
        }
        contents.append(.digest(reminders))
        for level in [EscalationLevel.review, .urgent, .emergency] {
            for status in [EscalationStatus.raised, .levelRaised, .renotified] {
                contents.append(.single(try notification(.escalation(escalation(level, status, at: time, step: 1)))))
            }
        }
        return contents
    }

    @Test("every template, rendered for every kind in both languages, names none of the child's or the risk's details")
    func nothingAboutTheChild() throws {
        let templates = try NotifierFixture.templates()
        var rendered = 0
        for content in try Self.everyKind() {
            for language in [Language.nl, .en] {
                let email = templates.render(content, language: language, recipientName: "A. de Vries", timezone: .amsterdam)
                for part in [email.subject, email.text, email.html] {
                    let lower = part.lowercased()
                    for word in Self.forbidden { #expect(!lower.contains(word.lowercased()), "\(word) in \(language) \(email.subject)") }
                }
                #expect(email.text.contains("case-000001") && email.html.contains("case-000001"), "the case reference is there")
                #expect(email.text.contains("https://homeward.example/cases/case-000001"))
                rendered += 1
            }
        }
        #expect(rendered == 2 * (ReminderKind.allCases.count + 1 + 9))
    }

    @Test("no template file asks for anything about the child or a risk")
    func templateSources() throws {
        for (name, text) in try TemplateTests.shippedFiles() {
            let lower = text.lowercased()
            for word in ["category", "severity", "reason", "evidence", "name}}", "birth", "address", "child"] where word != "child" {
                #expect(!lower.contains("{{" + word) && !lower.contains("." + word), "\(name) mentions \(word)")
            }
            #expect(!lower.contains("removed") && !lower.contains("uithuisplaatsing"), "\(name): an escalation never claims a child will be removed")
        }
    }
}
