public import HomewardContract

extension BoardView {
    /// The rows `user` may see that pass `filter`, in the board's order.
    public func rows(for user: BoardUser, filter: BoardFilter, now: Timestamp) -> [BoardRow] {
        rows(for: user, filter: filter, now: now, range: 0..<Int.max).rows
    }

    /// The rows at positions `range` of the list `user` sees with `filter`
    /// (only those are made into rows), and how long the whole list is.
    public func rows(for user: BoardUser, filter: BoardFilter, now: Timestamp, range: Range<Int>) -> (rows: [BoardRow], total: Int) {
        read { state in
            let sorted = state.open.values
                .filter { user.maySee(team: $0.teamId.rawValue) && filter.admits($0) }
                .map { (key: BoardOrdering.sortKey($0, at: now), escalation: $0) }
                .sorted { $0.key < $1.key }
            let slice = sorted[min(range.lowerBound, sorted.count)..<min(range.upperBound, sorted.count)]
            let rows = slice.map { entry in
                BoardRow(entry.escalation, outcome: state.outcome(of: entry.escalation),
                         mayAct: user.mayAct(onTeam: entry.escalation.teamId.rawValue), now: now)
            }
            return (rows, sorted.count)
        }
    }

    /// How many open escalations `user` may see pass `filter`.
    public func count(for user: BoardUser, filter: BoardFilter) -> Int {
        read { state in state.open.values.count { user.maySee(team: $0.teamId.rawValue) && filter.admits($0) } }
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
