import HomewardContract

/// Placeholder; the simulator is being written.
public struct CaseHistorySimulator: Sendable {}
