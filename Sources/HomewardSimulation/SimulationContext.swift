import HomewardContract

/// What every case of one run shares: the seed, the period and the staff.
struct SimulationContext: Sendable {
    /// The seed of the run.
    let seed: UInt64
    /// The first moment of the period.
    let start: Int64
    /// The last moment an event may have.
    let horizon: Int64
    /// Cases open on a working day within this many days after the start.
    let openingWindowDays: Int
    /// The size of the caseworker pool (a multiple of the number of teams).
    let caseworkerCount: Int
    /// The `source` of every event.
    let source: EventSource

    /// Derives the context of a run.
    init(settings: SimulationSettings) {
        seed = settings.seed
        start = settings.start.millisecondsSinceEpoch
        horizon = settings.horizon.millisecondsSinceEpoch
        let periodDays = Int((horizon - start) / SimulationCalendar.day)
        // Staggered over the first quarter of the period, at least a month and at most six.
        openingWindowDays = min(182, max(28, periodDays / 4))
        let teams = SimulatedIdentifiers.teams.count
        let wanted = max(2 * teams, (max(0, settings.cases) + 24) / 25)
        caseworkerCount = (wanted + teams - 1) / teams * teams
        source = EventSource(trusted: settings.source)
    }

    /// The generator of case `number`'s history.
    func generator(forCase number: Int) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: UInt64(number) &* 2 &+ 1)
    }

    /// When case `number` opens: a working-day office moment in the opening
    /// window, drawn from a stream of its own so it can be known before the
    /// case's history is generated.
    func openingTime(ofCase number: Int) -> Int64 {
        var random = SeededGenerator(seed: seed, stream: UInt64(number) &* 2)
        let offset = Int64(random.below(openingWindowDays)) * SimulationCalendar.day
        return SimulationCalendar.officeMoment(onOrAfter: start + offset, using: &random)
    }
}
