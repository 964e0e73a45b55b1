import Synchronization

/// A value guarded by a mutex; a thin class over `Mutex` so it can be shared.
final class LockedValue<Value: ~Copyable>: Sendable where Value: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: consuming sending Value) {
        mutex = Mutex(value)
    }

    func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        try mutex.withLock(body)
    }
}
