import Foundation

/// Runs a blocking `body` (a read of topics to their ends, a prompt on the
/// terminal) on a thread of its own, so that it never holds one of Swift's
/// cooperative threads, and returns what it returns.
func onOwnThread<Value: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = name
        thread.start()
    }
}
