import Foundation
import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

@Suite("config/policies/notifier.yaml and config/directory.yaml are loaded and validated")
struct LoadingTests {
    /// The shipped policy with the one occurrence of `old` replaced by `new`.
    func policy(replacing old: String, with new: String) throws -> String {
        let text = try NotifierFixture.text("policies/notifier.yaml")
        try #require(text.ranges(of: old).count == 1, "\"\(old)\" occurs once in the shipped policy")
        return text.replacing(old, with: new)
    }

    func policyError(_ yaml: String) -> PolicyError? {
        do {
            _ = try NotifierPolicy(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    func directoryError(_ yaml: String) -> PolicyError? {
        do {
            _ = try StaffDirectory(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test("the shipped policy loads: digest at 08:00 on weekdays, quiet 20:00-07:00 and weekends, urgent always at once")
    func shippedPolicy() throws {
        let policy = try NotifierFixture.policy()
        #expect(policy.digest.at == LocalTimeOfDay("08:00") && policy.digest.days == Weekday.workingDays)
        #expect(policy.reminders[.visitDueSoon] == .digest && policy.reminders[.visitOverdue] == .atOnce)
        #expect(policy.escalations == [.watch: .never, .review: .atOnce, .urgent: .alwaysAtOnce, .emergency: .alwaysAtOnce])
        #expect(policy.quietHours.allDay == [.saturday, .sunday])
        #expect(policy.link(to: "case 1/2") == "https://homeward.example/cases/case%201%2F2")
    }

    /// (text in the shipped file, its replacement, the path the error names, words of its message)
    @Test("a mistake in the policy is refused, naming the setting and the fix", arguments: [
        ("jitterPercent: 25", "jitterPercnt: 25", "retries.jitterPercnt", "unknown setting"),
        ("jitterPercent: 25", "jitterPercent: 80", "retries.jitterPercent", "expected 0...50"),
        ("at: \"08:00\"", "at: \"8 o'clock\"", "digest.at", "time of day"),
        ("escalations: [urgent, emergency]", "escalations: [urgent]", "", "no timing for escalation level emergency"),
        ("escalations: [urgent, emergency]", "escalations: [urgent, emergency, review]", "alwaysAtOnce.escalations", "review is already in atOnce"),
        ("escalations: [review]", "escalations: [review, urgent]", "alwaysAtOnce.escalations", "urgent is already in atOnce"),
        ("caseLink: \"https://homeward.example/cases/{caseId}\"", "caseLink: \"https://homeward.example/cases\"", "caseLink", "{caseId}"),
        ("giveUpAfter: 24h", "giveUpAfter: 1h", "retries.giveUpAfter", "must not be shorter than retries.longest"),
    ])
    func policyMistakes(old: String, new: String, path: String, says: String) throws {
        let error = try #require(policyError(try policy(replacing: old, with: new)))
        #expect(error.path == path, "\(error)")
        #expect(error.file == "notifier.yaml")
        #expect(error.message.contains(says), "\(error)")
    }

    @Test("urgent escalations cannot be made to wait for quiet hours to end")
    func urgentMustBeImmediate() throws {
        var text = try policy(replacing: "escalations: [urgent, emergency]", with: "escalations: [emergency]")
        text = text.replacing("escalations: [review]", with: "escalations: [review, urgent]")
        let error = try #require(policyError(text))
        #expect(error.path == "atOnce.escalations" && error.message.contains("must go at once, day and night"), "\(error)")
    }

    @Test("the shipped directory covers every caseworker and team the simulator produces, and the unassigned team")
    func shippedDirectory() throws {
        let directory = try StaffDirectory(yaml: try NotifierFixture.text("directory.yaml"))
        // The simulator deals caseworkers cw-0001… round five teams, 25 cases each (SimulationContext).
        for number in 1...1250 {
            #expect(directory.person(Identifier(trusted: "cw-" + String(format: "%04d", number))) != nil)
        }
        for team in ["team-north", "team-east", "team-south", "team-west", "team-centre", "unassigned"] {
            let found = try #require(directory.team(Identifier(trusted: team)))
            #expect(found.supervisor != nil && found.manager != nil && !found.onCall.isEmpty)
        }
        for number in 1...10 { #expect(directory.person(Identifier(trusted: "sup-" + String(format: "%04d", number))) != nil) }
        #expect(directory.people.values.allSatisfy { $0.email.hasSuffix("@example.org") })
    }

    /// (a directory, the path the error names, words of its message)
    @Test("a mistake in the directory is refused, naming the entry and the fix", arguments: [
        ("people:\n  - { id: cw-1, name: A, email: a@example.org, timezone: Europe/Amsterdam, phone: 1 }", "people[0].phone", "unknown setting"),
        ("people:\n  - { id: cw-1, name: A, email: a@example.org, timezone: Europe/Amstredam }", "people[0].timezone", "not a time zone"),
        ("people:\n  - { id: cw-1, name: A, email: a.example.org, timezone: UTC }", "people[0].email", "expected an address"),
        ("people:\n  - { id: cw-1, name: A, email: a@example.org, timezone: UTC }\n  - { id: cw-1, name: B, email: b@example.org, timezone: UTC }",
         "people[1].id", "listed twice"),
        ("people:\n  - { id: cw-1, name: A, email: a@example.org, timezone: UTC }\nteams:\n  - { id: t, supervisor: sup-9 }",
         "teams[0].supervisor", "sup-9 is not in people"),
        ("people:\n  - { id: cw-1, name: A, email: a@example.org, timezone: UTC }\nteams:\n  - id: t\n    onCall:\n      - { person: cw-1, from: 2026-01-02T00:00:00Z, until: 2026-01-01T00:00:00Z }",
         "teams[0].onCall[0].until", "must be later than from"),
        ("people:\n  - { id: cw-1, name: A, email: a@example.org, language: de, timezone: UTC }", "people[0].language", "nl|en"),
    ])
    func directoryMistakes(yaml: String, path: String, says: String) throws {
        let error = try #require(directoryError(yaml))
        #expect(error.path == path, "\(error)")
        #expect(error.file == "directory.yaml")
        #expect(error.message.contains(says), "\(error)")
    }
}
