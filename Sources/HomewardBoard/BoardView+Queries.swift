public import HomewardContract

extension BoardView {
    /// The rows `user` may see that pass `filter`, in the board's order.
    public func rows(for user: BoardUser, filter: BoardFilter, now: Timestamp) -> [BoardRow] {
        read { state in
            state.open.values
                .filter { user.maySee(team: $0.teamId.rawValue) && filter.admits($0) }
                .sorted { BoardOrdering.precedes($0, $1, at: now) }
                .map { BoardRow($0, outcome: state.outcome(of: $0), mayAct: user.mayAct(onTeam: $0.teamId.rawValue), now: now) }
        }
    }

    /// The row of `caseId` if it is open and `user` may see it.
    public func row(caseId: String, for user: BoardUser, now: Timestamp) -> BoardRow? {
        read { state in
            guard let escalation = state.open[caseId], user.maySee(team: escalation.teamId.rawValue) else { return nil }
            return BoardRow(escalation, outcome: state.outcome(of: escalation), mayAct: user.mayAct(onTeam: escalation.teamId.rawValue),
                            now: now)
        }
    }

    /// The teams of the open escalations `user` may see, sorted (for the filter).
    public func teams(for user: BoardUser) -> [String] {
        read { state in
            Set(state.open.values.map(\.teamId.rawValue).filter { user.maySee(team: $0) }).sorted()
        }
    }

    /// Today's counts.
    public var today: TodayCounts { read { $0.today } }
}
