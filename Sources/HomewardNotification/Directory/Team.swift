public import HomewardContract

/// A team: its supervisor, its manager, and who is on call when.
public struct Team: Sendable, Hashable {
    /// The id events carry as `teamId`.
    public var id: Identifier
    /// The supervisor, if the team has one.
    public var supervisor: Identifier?
    /// The manager, if the team has one (also on call when no shift covers the moment).
    public var manager: Identifier?
    /// The on-call shifts.
    public var onCall: [OnCallShift]

    /// Creates a team.
    public init(id: Identifier, supervisor: Identifier?, manager: Identifier?, onCall: [OnCallShift]) {
        self.id = id
        self.supervisor = supervisor
        self.manager = manager
        self.onCall = onCall
    }

    /// Who is on call at `moment`: the person whose shift covers it (the
    /// latest-starting one if shifts overlap), else the manager, else nobody.
    public func onCall(at moment: Timestamp) -> Identifier? {
        onCall.filter { $0.covers(moment) }.max { ($0.from, $0.person) < ($1.from, $1.person) }?.person ?? manager
    }
}
