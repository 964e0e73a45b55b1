import Foundation

/// Runs a blocking `body` on a new OS thread and returns its result, so that
/// blocking C calls never occupy a thread of Swift's cooperative pool.
func runOnDedicatedThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
