import Foundation
import HomewardContract
import HomewardNotification
import Kafka

/// The cases of `bench alert`, as case events: each opened and reunified,
/// then given one risk signal of severity 4 (an `emergency` under the
/// shipped escalator policy, rule `highest-severity`), so that every
/// signal raises an escalation of its own. Caseworkers and teams come from
/// the staff directory (its people who hold no team role, dealt round its
/// teams), so the fan-out finds everyone an emergency tells. Every event is
/// encoded from the contract's types and checked by its validator.
struct EmergencyCases {
    /// Where the events go.
    let topic: String
    private let directory: StaffDirectory
    private let roles: [NotifyRole]
    private let caseworkers: [Identifier]
    private let teams: [Identifier]
    private let encoder: JSONEncoder
    private let source = EventSource(trusted: "/bench/alert")

    /// Cases whose people are in `directory`; an emergency tells `roles`.
    ///
    /// - Throws: ``CommandFailure`` when the directory has no team or no caseworker.
    init(directory: StaffDirectory, emergencyRoles roles: [NotifyRole], topic: String) throws {
        self.topic = topic
        self.directory = directory
        self.roles = roles
        let teams = directory.teams.values.filter { $0.id != StaffDirectory.unassigned }
        let teamRoles = Set(teams.flatMap { team in [team.supervisor, team.manager].compactMap { $0 } + team.onCall.map(\.person) })
        self.teams = teams.map(\.id).sorted()
        caseworkers = directory.people.keys.filter { !teamRoles.contains($0) }.sorted()
        guard !self.teams.isEmpty, !caseworkers.isEmpty else {
            throw CommandFailure("the staff directory needs at least one team (other than unassigned) and one person with no team role, to be the cases' caseworker; pass --directory FILE")
        }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// The id of case `number`.
    static func caseId(_ number: Int) -> Identifier { Identifier(trusted: "alert-case-\(number)") }

    /// Case `number` opened (after 200 days in foster care) and reunified, both at `now`.
    func history(of number: Int, at now: Timestamp) throws -> [KafkaProducerRecord] {
        let caseworker = number % caseworkers.count
        let opened = CaseOpened(caseworkerId: caseworkers[caseworker], teamId: teams[caseworker % teams.count], language: .nl,
                                timezone: .amsterdam, placement: CaseOpened.Placement(type: .foster, since: now.adding(days: -200)))
        return [
            try record(CaseEvent(id: Identifier(trusted: "alert-\(number)-opened"), source: source, time: now,
                                 subject: Self.caseId(number), payload: .caseOpened(opened))),
            try record(CaseEvent(id: Identifier(trusted: "alert-\(number)-reunified"), source: source, time: now,
                                 subject: Self.caseId(number), payload: .caseReunified(CaseReunified(reunifiedAt: now)))),
        ]
    }

    /// A signal of severity 4 on case `number`, observed and reported at `now`.
    func emergencySignal(of number: Int, at now: Timestamp) throws -> KafkaProducerRecord {
        let signal = RiskSignalReported(signalId: Identifier(trusted: "alert-signal-\(number)"), category: .neglect,
                                        severity: Severity(unchecked: 4), source: .school, observedAt: now)
        return try record(CaseEvent(id: Identifier(trusted: "alert-\(number)-signal"), source: source, time: now,
                                    subject: Self.caseId(number), payload: .riskSignalReported(signal)))
    }

    /// How many people an emergency on case `number` tells at `moment`:
    /// one e-mail each (a person holding two roles is told once).
    ///
    /// - Throws: ``CommandFailure`` naming a role nobody holds.
    func recipients(of number: Int, at moment: Timestamp) throws -> Int {
        let caseworker = number % caseworkers.count
        var people = Set<Identifier>()
        for role in roles {
            switch directory.holder(of: role, caseworker: caseworkers[caseworker], team: teams[caseworker % teams.count], at: moment) {
            case .success(let person): people.insert(person.id)
            case .failure(let problem): throw CommandFailure("the staff directory cannot tell an emergency on a case: \(problem)")
            }
        }
        return people.count
    }

    /// The event encoded, keyed by its case, after the contract's validator accepted it.
    private func record(_ event: CaseEvent) throws -> KafkaProducerRecord {
        let value = Array(try encoder.encode(event))
        if case .failure(let rejection) = CaseEventValidator().validate(value) {
            throw CommandFailure("bench alert built an event the contract rejects (\(event.type.cloudEventType)): \(rejection)")
        }
        return KafkaProducerRecord(topic: topic, key: Array(event.caseId.rawValue.utf8), value: value)
    }
}
