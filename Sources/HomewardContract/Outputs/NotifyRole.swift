/// Someone an output event asks the notifier to tell, by role; the notifier
/// resolves roles to people from its directory.
public enum NotifyRole: String, ContractEnum, Comparable {
    /// The case's caseworker.
    case caseworker
    /// The caseworker's supervisor.
    case supervisor
    /// The on-call duty officer.
    case onCall = "on-call"
    /// The team's manager.
    case manager

    /// Orders roles as the contract lists them.
    public static func < (lhs: NotifyRole, rhs: NotifyRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
