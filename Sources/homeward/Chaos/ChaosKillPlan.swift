import HomewardSimulation

/// The kills of a chaos run, decided before it starts from its seed: which
/// worker each kill takes, how far into the worker's work it comes, and
/// the pause after it, so that a run can be repeated kill for kill (the
/// workers' timing still varies: where in its work each kill lands does
/// not repeat).
///
/// A kill aims at a worker at work (see ``ChaosRun``): a kill of an idle
/// worker tests only its restore.
struct ChaosKillPlan: Sendable, Equatable {
    /// One kill: the worker (its index in the fleet), how long after it is
    /// seen at work the kill comes, and the pause after it.
    struct Kill: Sendable, Equatable {
        let victim: Int
        let intoWork: Duration
        let pause: Duration
    }

    let kills: [Kill]

    /// The longest a kill comes after its worker is seen at work: about as
    /// long as a notifier takes to e-mail a part of the input.
    static let intoWork: Duration = .milliseconds(400)

    /// `count` kills among `workers` workers, each `interval` apart on
    /// average (uniformly between half and one and a half times it).
    init(kills count: Int, workers: Int, interval: Duration, seed: UInt64) {
        var dice = SeededGenerator(seed: seed, stream: 0xC4A0_5)
        kills = (0..<count).map { _ in
            let victim = dice.below(workers)
            let gap = interval * (0.5 + dice.unit()), intoWork = min(Self.intoWork, interval / 4) * dice.unit()
            return Kill(victim: victim, intoWork: intoWork, pause: max(.zero, gap - intoWork))
        }
    }
}
