import HomewardSimulation

/// The kills of a chaos run, decided before it starts from its seed: which
/// worker each kill takes and how long after the one before it comes, so
/// that a run can be repeated kill for kill (the workers' timing still
/// varies: where in its work each kill lands does not repeat).
struct ChaosKillPlan: Sendable, Equatable {
    /// One kill: the worker (its index in the fleet) and the pause before it.
    struct Kill: Sendable, Equatable {
        let victim: Int
        let after: Duration
    }

    let kills: [Kill]

    /// `count` kills among `workers` workers, each `interval` apart on
    /// average (uniformly between half and one and a half times it).
    init(kills count: Int, workers: Int, interval: Duration, seed: UInt64) {
        var dice = SeededGenerator(seed: seed, stream: 0xC4A0_5)
        kills = (0..<count).map { _ in
            let victim = dice.below(workers)
            return Kill(victim: victim, after: interval * (0.5 + dice.unit()))
        }
    }
}
