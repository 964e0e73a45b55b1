/// Waiting, in a bench, for a condition that other tasks make true.
enum BenchWait {
    /// Checks `condition` every 100 ms until it holds or `limit` has
    /// passed; returns whether it held.
    static func until(within limit: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
