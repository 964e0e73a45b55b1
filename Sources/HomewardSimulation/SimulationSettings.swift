public import HomewardContract

/// What to simulate: how many cases, over how many months, from which seed
/// and start. The same settings always give the same events.
public struct SimulationSettings: Sendable, Hashable {
    /// The number of cases (case-000001 … case-N). Zero or less simulates nothing.
    public var cases: Int
    /// The length of the simulated period in calendar months; no event is later than ``horizon``.
    public var months: Int
    /// The seed of every random draw.
    public var seed: UInt64
    /// The beginning of the simulated period; cases open, staggered, during its first months.
    public var start: Timestamp
    /// The CloudEvents `source` of every event (a URI-reference without spaces).
    public var source: String

    /// The start used when none is given: 2026-01-01T00:00:00Z (never the clock, so runs repeat).
    public static let defaultStart = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)

    /// The source used when none is given.
    public static let defaultSource = "/simulator/case-system"

    /// Creates settings.
    public init(cases: Int, months: Int, seed: UInt64, start: Timestamp = defaultStart, source: String = defaultSource) {
        self.cases = cases
        self.months = months
        self.seed = seed
        self.start = start
        self.source = source
    }

    /// The end of the simulated period: ``start`` plus ``months`` calendar
    /// months (UTC, the day of the month clamped to the target month's length).
    public var horizon: Timestamp {
        Timestamp(millisecondsSinceEpoch: SimulationCalendar.adding(months: max(0, months), to: start.millisecondsSinceEpoch))
    }
}
