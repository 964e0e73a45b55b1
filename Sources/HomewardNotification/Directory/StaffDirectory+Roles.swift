public import HomewardContract

extension StaffDirectory {
    /// The caseworker id escalations carry while a case's caseworker is not
    /// known (and the team id, while its team is not): routed to on-call.
    public static let unassigned: Identifier = "unassigned"

    /// The person who holds `role` for a case of `caseworker` in `team` at
    /// `moment`: the caseworker (on-call while `unassigned`), the team's
    /// supervisor or manager, or whoever is on call then (the manager when
    /// no shift covers it).
    ///
    /// - Returns: the person, or why nobody can be told (an unknown person
    ///   or team, or a role with nobody behind it), naming the fix.
    public func holder(of role: NotifyRole, caseworker: Identifier, team teamId: Identifier,
                       at moment: Timestamp) -> Result<StaffMember, UnresolvedRole> {
        if role == .caseworker, caseworker != Self.unassigned {
            return member(caseworker, role: role, missing: "caseworker \(caseworker) is not in the directory: add them under people")
        }
        guard let team = team(teamId) else {
            let hint = teamId == Self.unassigned ? "add a team with id unassigned to route cases whose team is not known yet"
                                                 : "add it under teams, with its supervisor, manager and on-call shifts"
            return .failure(UnresolvedRole(role: role, reason: "team \(teamId) is not in the directory: \(hint)"))
        }
        let holder: Identifier?
        switch role {
        case .supervisor: holder = team.supervisor
        case .manager: holder = team.manager
        case .onCall, .caseworker: holder = team.onCall(at: moment)
        }
        guard let holder else {
            let what = role == .caseworker ? "on-call (the case has no caseworker yet)" : role.rawValue
            return .failure(UnresolvedRole(role: role, reason: "team \(teamId) has no \(what) at \(moment): name one in the directory"))
        }
        return member(holder, role: role, missing: "\(role.rawValue) \(holder) of team \(teamId) is not in the directory: add them under people")
    }

    private func member(_ id: Identifier, role: NotifyRole, missing: String) -> Result<StaffMember, UnresolvedRole> {
        guard let person = person(id) else { return .failure(UnresolvedRole(role: role, reason: missing)) }
        return .success(person)
    }
}

/// Why nobody can be told in a role: the role and the reason, naming the fix.
public struct UnresolvedRole: Error, Sendable, Hashable, CustomStringConvertible {
    /// The role.
    public var role: NotifyRole
    /// Why, and what to change in the directory.
    public var reason: String

    /// Creates the problem.
    public init(role: NotifyRole, reason: String) {
        self.role = role
        self.reason = reason
    }

    /// `role on-call: reason`.
    public var description: String { "role \(role.rawValue): \(reason)" }
}
