public import HomewardProcessing
import Foundation
import HomewardContract
import Yams

extension StaffDirectory {
    /// Reads and checks a directory file's text: unknown keys, duplicate
    /// ids, unknown time zones, malformed addresses, references to people
    /// who are not listed and shifts that end before they start are refused.
    ///
    /// - Throws: ``PolicyError`` naming the file, the entry and the fix.
    public init(yaml: String, file: String = StaffDirectory.fileName) throws(PolicyError) {
        do {
            let document = try YAMLDecoder().decode(DirectoryDocument.self, from: yaml)
            self = try document.directory()
        } catch {
            throw PolicyError.located(error, file: file)
        }
    }
}

/// `directory.yaml`, as written.
private struct DirectoryDocument: Decodable {
    var people: [PersonDocument]
    var teams: [TeamDocument]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["people", "teams"])
        people = try fields.required("people")
        teams = try fields.optional("teams") ?? []
    }

    func directory() throws(PolicyError) -> StaffDirectory {
        var seen: [Identifier: Int] = [:]
        for (index, person) in people.enumerated() {
            if let other = seen[person.member.id] {
                throw PolicyError(path: "people[\(index)].id", message: "\(person.member.id) is listed twice (also people[\(other)])")
            }
            seen[person.member.id] = index
            try Self.checkAddress(person.member.email, path: "people[\(index)].email")
            guard TimeZone(identifier: person.member.timezone.rawValue) != nil else {
                throw PolicyError(path: "people[\(index)].timezone",
                                  message: "\(person.member.timezone) is not a time zone of the tz database (such as Europe/Amsterdam)")
            }
            guard !person.member.name.isEmpty, !person.member.name.contains(where: \.isNewline) else {
                throw PolicyError(path: "people[\(index)].name", message: "expected a name on one line")
            }
        }
        var teamIndex: [Identifier: Int] = [:]
        for (index, team) in teams.enumerated() {
            let path = "teams[\(index)]"
            if let other = teamIndex[team.team.id] {
                throw PolicyError(path: path + ".id", message: "\(team.team.id) is listed twice (also teams[\(other)])")
            }
            teamIndex[team.team.id] = index
            if let supervisor = team.team.supervisor { try Self.listed(supervisor, in: seen, path: path + ".supervisor") }
            if let manager = team.team.manager { try Self.listed(manager, in: seen, path: path + ".manager") }
            for (position, shift) in team.team.onCall.enumerated() {
                try Self.listed(shift.person, in: seen, path: path + ".onCall[\(position)].person")
                guard shift.from < shift.until else {
                    throw PolicyError(path: path + ".onCall[\(position)].until", message: "must be later than from (\(shift.from))")
                }
            }
        }
        return StaffDirectory(people: people.map(\.member), teams: teams.map(\.team))
    }

    static func listed(_ id: Identifier, in people: [Identifier: Int], path: String) throws(PolicyError) {
        guard people[id] != nil else {
            throw PolicyError(path: path, message: "\(id) is not in people: add them there, or name someone who is")
        }
    }

    /// A plain `local@domain` address: one `@`, no spaces, no angle brackets.
    static func checkAddress(_ address: String, path: String) throws(PolicyError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let plain = address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>(),;:\"[]\\".unicodeScalars.contains($0) }
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), plain else {
            throw PolicyError(path: path, message: "expected an address such as a.devries@example.org, found \"\(address.prefix(60))\"")
        }
    }
}

private struct PersonDocument: Decodable {
    var member: StaffMember

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["id", "name", "email", "language", "timezone"])
        member = StaffMember(id: try fields.required("id"), name: try fields.required("name"), email: try fields.required("email"),
                             language: try fields.optional("language"), timezone: try fields.required("timezone"))
    }
}

private struct TeamDocument: Decodable {
    var team: Team

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["id", "supervisor", "manager", "onCall"])
        team = Team(id: try fields.required("id"), supervisor: try fields.optional("supervisor"), manager: try fields.optional("manager"),
                    onCall: (try fields.optional("onCall", as: [ShiftDocument].self) ?? []).map(\.shift))
    }
}

private struct ShiftDocument: Decodable {
    var shift: OnCallShift

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["person", "from", "until"])
        shift = OnCallShift(person: try fields.required("person"), from: try fields.required("from"), until: try fields.required("until"))
    }
}
