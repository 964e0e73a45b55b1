import Foundation
import HomewardContract
import HomewardNotification
import HomewardPipeline
import HomewardProcessing
import HomewardSimulation
import Testing

@Suite("Pipeline replay with the notifier: the e-mails of a history, on stream time")
struct NotifierReplayTests {
    static let config = PipelineFixture.policies.deletingLastPathComponent()

    static func notifier(partitions: Int) throws -> (NotifierReplay, StaffDirectory) {
        let policy = try NotifierPolicy(yaml: String(contentsOf: PipelineFixture.policies.appendingPathComponent(NotifierPolicy.fileName),
                                                     encoding: .utf8))
        let directory = try StaffDirectory(yaml: String(contentsOf: config.appendingPathComponent(StaffDirectory.fileName), encoding: .utf8))
        let templates = try NotificationTemplates(directory: config.appendingPathComponent(NotificationTemplates.directoryName).path,
                                                  policy: policy)
        return (NotifierReplay(fanOut: NotificationFanOut(directory: directory, policy: policy),
                               delivery: NotificationDelivery(policy: policy, directory: directory, templates: templates),
                               partitions: partitions), directory)
    }

    struct Run {
        var escalations: [Escalation] = []
        var emails: [OutgoingEmail] = []
    }

    static func run(_ events: [CaseEvent], partitions: Int = 4, until: String = "2027-03-01T00:00:00Z") throws -> Run {
        var replay = PipelineReplay(scheduler: try PipelineFixture.scheduler(), escalator: try PipelineFixture.escalator(),
                                    partitions: partitions, emitting: [.escalator], notifier: try notifier(partitions: partitions).0)
        var run = Run()
        func escalation(_: PipelineStage, _ record: OutputRecord) {
            if let escalation = record.value.withUnsafeBytes({ try? Escalation(decoding: $0) }) { run.escalations.append(escalation) }
        }
        for event in events { replay.feed(event, into: escalation) { run.emails.append($0) } }
        replay.finish(until: try Timestamp(rfc3339: until), into: escalation) { run.emails.append($0) }
        return run
    }

    static let history = CaseHistorySimulator(settings: SimulationSettings(cases: 80, months: 12, seed: 5)).events()

    @Test("the same history gives the same e-mails, with the same Message-IDs, dates and text")
    func deterministic() throws {
        let first = try Self.run(Self.history), second = try Self.run(Self.history)
        #expect(!first.emails.isEmpty)
        #expect(first.emails == second.emails)
        #expect(Set(first.emails.map(\.messageId)).count == first.emails.count, "no e-mail is sent twice")
    }

    @Test("every urgent or emergency escalation raised is e-mailed to its team's supervisor at once")
    func urgentReachesTheSupervisor() throws {
        let run = try Self.run(Self.history)
        let (_, directory) = try Self.notifier(partitions: 4)
        let urgent = run.escalations.filter { [.urgent, .emergency].contains($0.level) && $0.status == .raised }
        try #require(!urgent.isEmpty, "the history escalates nothing urgent: choose another seed")
        for escalation in urgent {
            let team = try #require(directory.team(escalation.contact.teamId))
            let supervisor = try #require(team.supervisor)
            let id = "ntf-\(escalation.eventId.rawValue)-\(supervisor.rawValue)"
            let email = run.emails.first { $0.headers.contains { $0.value == id } }
            #expect(email != nil, "no e-mail carries \(id)")
            #expect(email?.date == escalation.time, "an urgent escalation waits for nothing")
        }
    }

    @Test("digests go out at 08:00 on weekdays in the recipient's time zone")
    func digestsAtEight() throws {
        let run = try Self.run(Self.history)
        let (_, directory) = try Self.notifier(partitions: 4)
        let digests = run.emails.filter { $0.emailId.hasPrefix("dig-") }
        try #require(!digests.isEmpty)
        for digest in digests {
            let person = try #require(directory.person(digest.recipientId))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: person.timezone.rawValue))
            let local = calendar.dateComponents([.hour, .minute, .weekday],
                                                from: Date(timeIntervalSince1970: Double(digest.dateSecondsSinceEpoch)))
            #expect(local.hour == 8 && local.minute == 0, "\(digest.messageId) at \(digest.date)")
            #expect(![1, 7].contains(local.weekday), "\(digest.messageId) on a weekend")
        }
    }
}
