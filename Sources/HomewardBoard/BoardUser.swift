/// A person who may sign in to the board: a staff id (never a name), a
/// role, the teams a supervisor or viewer is scoped to, and a bcrypt hash
/// of their password (nil for users who sign in only through a trusted
/// reverse-proxy header).
public struct BoardUser: Sendable, Hashable, Codable {
    /// The staff id (as in the directory).
    public var id: String
    /// What they may see and do.
    public var role: BoardRole
    /// Their teams (a supervisor's, or a viewer's scope).
    public var teams: [String]
    /// The bcrypt hash of their password.
    public var passwordHash: String?

    /// A user.
    public init(id: String, role: BoardRole, teams: [String] = [], passwordHash: String? = nil) {
        self.id = id
        self.role = role
        self.teams = teams
        self.passwordHash = passwordHash
    }

    /// Reads a user of the users file; `teams` may be left out (none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        role = try container.decode(BoardRole.self, forKey: .role)
        teams = try container.decodeIfPresent([String].self, forKey: .teams) ?? []
        passwordHash = try container.decodeIfPresent(String.self, forKey: .passwordHash)
    }

    private enum CodingKeys: String, CodingKey { case id, role, teams, passwordHash }

    /// Whether they may see the cases of `team`: managers and on-call see
    /// all; a supervisor their teams; a viewer their teams, or all without any.
    public func maySee(team: String) -> Bool {
        switch role {
        case .manager, .onCall: true
        case .supervisor: teams.contains(team)
        case .viewer: teams.isEmpty || teams.contains(team)
        }
    }

    /// Whether they may act at all (a viewer may not).
    public var mayAct: Bool { role != .viewer }

    /// Whether they may acknowledge or resolve the escalations of `team`.
    public func mayAct(onTeam team: String) -> Bool { mayAct && maySee(team: team) }
}
