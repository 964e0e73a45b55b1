// Waiting in tests: for a condition, never for a fixed time.
//
// A test that sleeps a fixed time and then asserts is slow when the time is
// generous and flaky when it is not. These helpers wait for what the test is
// about (a record count, a committed offset, a line a process logs) and give
// up only at a deadline, which is a limit on a failing test, not the basis of
// its assertion: a passing test never waits it out.

/// Waits until `condition` holds, checking it every `interval`, for at most `limit`.
///
/// - Throws: ``DeadlineExceeded`` naming `awaited` when `limit` passes
///   first; any error `condition` throws.
public func waitUntil(
    _ awaited: @autoclosure () -> String,
    within limit: Duration = .seconds(60),
    every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    _ = try await waitFor(awaited(), within: limit, every: interval) { try await condition() ? true : nil }
}

/// Waits until `probe` returns a value and returns it, asking every
/// `interval`, for at most `limit`.
///
/// - Throws: ``DeadlineExceeded`` naming `awaited` when `limit` passes
///   first; any error `probe` throws.
public func waitFor<Value>(
    _ awaited: @autoclosure () -> String,
    within limit: Duration = .seconds(60),
    every interval: Duration = .milliseconds(50),
    _ probe: () async throws -> Value?
) async throws -> Value {
    let deadline = ContinuousClock.now + limit
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else { throw DeadlineExceeded(awaited: awaited(), limit: limit) }
        try await Task.sleep(for: interval)
    }
}

/// Runs `body` and returns its result; if `limit` passes first, cancels it
/// and throws. For work that ends by itself once the awaited thing
/// happens (a read that stops at a topic's end, a wait for a log line), so
/// that a failure cannot hang the test.
///
/// - Throws: ``DeadlineExceeded`` naming `awaited` when `limit` passes
///   first; any error `body` throws.
public func withDeadline<Value: Sendable>(
    _ limit: Duration,
    _ awaited: String,
    _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: DeadlineRace<Value>.self) { group in
        group.addTask { .finished(try await body()) }
        group.addTask {
            try await Task.sleep(for: limit)
            return .timedOut
        }
        defer { group.cancelAll() }
        switch try await group.next()! {
        case .finished(let value): return value
        case .timedOut: throw DeadlineExceeded(awaited: awaited, limit: limit)
        }
    }
}

/// Which of ``withDeadline(_:_:_:)``'s two tasks finished first.
private enum DeadlineRace<Value: Sendable>: Sendable {
    case finished(Value)
    case timedOut
}
