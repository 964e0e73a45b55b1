public import HomewardContract

/// A role of a team that nobody holds over a period: a team with no
/// supervisor or manager, or no on-call shift in the period. A warning, not
/// an error: the directory still loads, but escalations in that role go to
/// the manager or to nobody.
public struct TeamCoverageGap: Sendable, Hashable, CustomStringConvertible {
    /// Which role is missing.
    public enum Role: String, Sendable, Hashable {
        /// The team names no supervisor.
        case supervisor
        /// The team names no manager.
        case manager
        /// No on-call shift covers any moment of the period.
        case onCall = "on-call"
    }

    /// The team.
    public var team: Identifier
    /// The role nobody holds.
    public var role: Role
    /// The period checked (for ``Role/onCall``): its start (included).
    public var from: Timestamp
    /// The period's end (excluded).
    public var until: Timestamp
    /// The manager on-call escalations fall back to, if any.
    public var fallback: Identifier?

    /// Creates a gap.
    public init(team: Identifier, role: Role, from: Timestamp, until: Timestamp, fallback: Identifier?) {
        self.team = team
        self.role = role
        self.from = from
        self.until = until
        self.fallback = fallback
    }

    /// What is missing, what happens meanwhile, and the fix.
    public var description: String {
        switch role {
        case .supervisor:
            "team \(team) has no supervisor: escalations for a supervisor reach nobody; name one under its supervisor"
        case .manager:
            "team \(team) has no manager: nobody is on call outside its shifts; name one under its manager"
        case .onCall:
            "team \(team) has no on-call shift between \(from) and \(until): on-call escalations go to "
                + (fallback.map { "its manager \($0)" } ?? "nobody") + "; add shifts under its onCall"
        }
    }
}
