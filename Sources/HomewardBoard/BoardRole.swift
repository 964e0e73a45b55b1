/// What a board user may see and do.
///
/// A supervisor sees and acts on their own teams' cases; managers and
/// on-call staff see and act on every case; a viewer sees (their teams', or
/// every team's without any) and never acts.
public enum BoardRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Their teams' cases.
    case supervisor
    /// Every case, day and night.
    case onCall = "on-call"
    /// Every case.
    case manager
    /// Read only.
    case viewer
}
