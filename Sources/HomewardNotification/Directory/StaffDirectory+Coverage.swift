public import HomewardContract

extension StaffDirectory {
    /// Every team's roles that nobody holds from `start` for `days` days:
    /// no supervisor, no manager, or no on-call shift covering any moment
    /// of the period. Ordered by team, then role.
    public func coverageGaps(from start: Timestamp, days: Int = 7) -> [TeamCoverageGap] {
        let end = start.adding(days: days)
        return teams.values.sorted { $0.id < $1.id }.flatMap { team in
            var roles: [TeamCoverageGap.Role] = []
            if team.supervisor == nil { roles.append(.supervisor) }
            if team.manager == nil { roles.append(.manager) }
            if !team.onCall.contains(where: { $0.from < end && start < $0.until }) { roles.append(.onCall) }
            return roles.map { TeamCoverageGap(team: team.id, role: $0, from: start, until: end, fallback: team.manager) }
        }
    }
}
