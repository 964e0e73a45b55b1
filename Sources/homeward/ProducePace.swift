/// The pace of `homeward produce --rate`: record n goes no earlier than
/// n / rate seconds after the start, in batches of a tenth of a second's worth.
struct ProducePace {
    let recordsPerSecond: Double
    private let start = ContinuousClock.now

    init(recordsPerSecond: Double) {
        self.recordsPerSecond = recordsPerSecond
    }

    /// Records enqueued together.
    var batchSize: Int { max(1, Int(recordsPerSecond / 10)) }

    /// Waits until `sent` records are due.
    func wait(untilSent sent: Int) async throws {
        let due = start + .milliseconds(Int64(Double(sent) / recordsPerSecond * 1_000))
        if due > ContinuousClock.now { try await Task.sleep(until: due, clock: .continuous) }
    }
}
