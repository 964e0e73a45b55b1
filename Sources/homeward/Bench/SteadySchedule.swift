/// Events at a steady rate from a start: the intended instant of each, and
/// waiting for it. Latency is measured from the intended instant, so a
/// sender that falls behind does not hide the delay it causes.
struct SteadySchedule: Sendable {
    /// Events per second.
    let rate: Int
    /// The intended instant of event 0.
    let start: ContinuousClock.Instant

    /// A schedule of `rate` events per second, the first at `start`.
    init(rate: Int, start: ContinuousClock.Instant = .now) {
        self.rate = rate
        self.start = start
    }

    /// The intended instant of event `index`.
    func instant(of index: Int) -> ContinuousClock.Instant {
        start + .nanoseconds(Int64(index) * 1_000_000_000 / Int64(rate))
    }

    /// Sleeps until event `index` is due (not at all when it is late) and returns its intended instant.
    func waitFor(_ index: Int) async throws -> ContinuousClock.Instant {
        let intended = instant(of: index)
        let delay = intended - ContinuousClock.now
        if delay > .zero { try await Task.sleep(for: delay) }
        return intended
    }
}

