public import HomewardContract

/// The people and teams notifications go to, loaded from
/// `config/directory.yaml` (``init(yaml:file:)``). Every reference in it is
/// checked at load: a team's supervisor, manager and on-call people are
/// people of the directory.
public struct StaffDirectory: Sendable, Hashable {
    /// The directory file's name in the configuration directory.
    public static let fileName = "directory.yaml"

    /// People by id.
    public var people: [Identifier: StaffMember]
    /// Teams by id.
    public var teams: [Identifier: Team]

    /// Creates a directory; ``init(yaml:file:)`` checks the references.
    public init(people: [StaffMember], teams: [Team]) {
        self.people = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.teams = Dictionary(teams.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The person with `id`, if listed.
    public func person(_ id: Identifier) -> StaffMember? { people[id] }

    /// The team with `id`, if listed.
    public func team(_ id: Identifier) -> Team? { teams[id] }
}
